"""A time limit on rendering one page.

Python-Markdown takes seconds on a few thousand `[` and never finishes on 20,000; one hostile
file must not hang the build. The limit uses SIGALRM, so it only applies in the main thread
(`mkdocs build`; `mkdocs serve` rebuilds in a helper thread and goes without).
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

from .errors import KennisbankError

RENDER_SECONDS = 10


class RenderTimeout(KennisbankError):
    pass


class RenderClock:
    def __init__(self, seconds: float = RENDER_SECONDS, error: type[Exception] = RenderTimeout) -> None:
        self.seconds = seconds
        self.error = error  # the MkDocs plugin passes PluginError, so MkDocs reports it cleanly
        self.current: str | None = None

    def start(self, shown_path: str) -> None:
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            return
        self.current = shown_path
        signal.signal(signal.SIGALRM, self._expired)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self) -> None:
        if self.current is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.current = None

    def _expired(self, signum: int, frame: FrameType | None) -> None:
        path, self.current = self.current, None
        raise self.error(
            f"{path}: het omzetten van de tekst naar HTML duurde langer dan {self.seconds:g} seconden en is "
            "afgebroken. Staan er heel veel [ of andere speciale tekens in de tekst?"
        )
