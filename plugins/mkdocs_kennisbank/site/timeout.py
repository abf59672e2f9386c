"""A time limit on rendering one page.

Python-Markdown takes seconds on a few thousand `[` and never finishes on 20,000; one hostile
file must not hang the build. The limit uses SIGALRM, so it only applies in the main thread
(`mkdocs build`; `mkdocs serve` rebuilds in a helper thread and goes without).
"""

from __future__ import annotations

import math
import signal
import threading
from types import FrameType

from ..errors import KennisbankError

RENDER_SECONDS = 10.0
MAX_RENDER_SECONDS = 600.0


class RenderTimeout(KennisbankError):
    pass


class RenderClock:
    def __init__(self, seconds: float = RENDER_SECONDS, error: type[Exception] = RenderTimeout) -> None:
        self.seconds = seconds
        self.error = error  # the MkDocs plugin passes PluginError, so MkDocs reports it cleanly
        self.current: str | None = None

    @property
    def seconds(self) -> float:
        return self._seconds

    @seconds.setter
    def seconds(self, value: float) -> None:
        # setitimer(..., 0) switches the timer off: a limit of 0 (or less, or nan) would silently
        # be no limit at all. The plugin's config refuses such values with a message first.
        seconds = float(value)
        if not (math.isfinite(seconds) and 0 < seconds <= MAX_RENDER_SECONDS):
            raise ValueError(f"render time limit must be > 0 and <= {MAX_RENDER_SECONDS:g} seconds, not {value!r}")
        self._seconds = seconds

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
