"""Opportunities' background work."""

from django.tasks import task


@task
def close_due_requirements() -> int:
    """Record the close of every requirement past its closing time; safe to run twice."""
    from .actions.closing import due, requirement_close
    from .models import Requirement

    closed = 0
    for pk in due():
        requirement_close(requirement=Requirement.objects.get(pk=pk))
        closed += 1
    return closed
