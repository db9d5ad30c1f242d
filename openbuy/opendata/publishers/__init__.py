"""Publishers: a receiver for each public event of the apps below, building its release.

Each registers at core.hooks.REPORTING order, so it sees the action's final state, and
runs in the action's transaction: a release that cannot be built undoes the action.
"""


def register() -> None:
    from . import direct_award, frameworks, requirements

    frameworks.register()
    direct_award.register()
    requirements.register()
