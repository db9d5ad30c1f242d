"""gunicorn's settings for `openbuy serve` in production; address, processes and threads
come on its command line (core/serving.py)."""

import os

worker_class = "gthread"
# The app and its search indexes are loaded once, before the processes fork and share it.
preload_app = True
# gunicorn's control socket has one path per user, which two servers would share.
control_socket_disable = True
accesslog = "-"
# gunicorn's own maximum (its default is 4094): a longer request line gets gunicorn's HTML 414,
# never seen by openbuy (docs/api.md); keywords are refused long before (500 characters).
limit_request_line = 8190
graceful_timeout = 25  # under `openbuy serve`'s 30 s before it kills
# Processes tell the master they are alive through a file: in memory, not a container's disk.
SHM = "/dev/shm"  # noqa: S108 (gunicorn's own advice for containers)
worker_tmp_dir = SHM if os.path.isdir(SHM) else None


def when_ready(server):
    from openbuy.core.serving import warm_search

    warm_search()
