"""The one way to run slow work (PDF, Excel, backups) off the GUI thread.

A task is a plain callable taking a `Progress`; it must not touch widgets. Its result or
exception comes back on the GUI thread through signals. Tasks run one at a time on a
single worker thread, so database writes from background work never race each other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget


class TaskCancelled(Exception):
    """Raised inside a task that noticed the user pressed 取消."""


class Progress:
    """What a task sees: report progress (also usable as a `callback(done, total)`), check cancel."""

    def __init__(self, emit: Callable[[int, int], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int) -> None:
        self.report(done, total)

    def report(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise TaskCancelled()
        self._emit(int(done), int(total))

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    result = Signal(object)
    error = Signal(object)
    progress = Signal(int, int)
    done = Signal()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals, progress: Progress) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Task keeps it alive until it reports back
        self._fn = fn
        self._signals = signals
        self._progress = progress

    def run(self) -> None:
        try:
            value = self._fn(self._progress)
        except BaseException as exc:  # delivered to the GUI thread, never swallowed here
            self._signals.error.emit(exc)
        else:
            self._signals.result.emit(value)
        finally:
            self._signals.done.emit()


class Task(QObject):
    """One submitted job. Lives in the GUI thread, so its callbacks run there."""

    finished = Signal()
    progressed = Signal(int, int)

    def __init__(
        self,
        fn: Callable[[Progress], Any],
        on_result: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_result = on_result
        self._on_error = on_error
        self._signals = _Signals(self)  # a child: destroyed with the task, in Qt's order
        self.progress = Progress(self._signals.progress.emit)
        self.job = _Job(fn, self._signals, self.progress)
        self.running = True
        self.error: BaseException | None = None
        # bound methods of a GUI-thread object: Qt queues these calls onto the GUI thread
        self._signals.result.connect(self._deliver_result)
        self._signals.error.connect(self._deliver_error)
        self._signals.progress.connect(self.progressed)
        self._signals.done.connect(self._finish)

    @Slot()
    def cancel(self) -> None:
        self.progress.cancel()

    @Slot(object)
    def _deliver_result(self, value: object) -> None:
        if self._on_result is not None:
            self._on_result(value)

    @Slot(object)
    def _deliver_error(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        self.error = exc
        if isinstance(exc, TaskCancelled):
            return
        if self._on_error is not None:
            self._on_error(exc)
        else:
            raise exc

    @Slot()
    def _finish(self) -> None:
        self.running = False
        self.finished.emit()


class TaskRunner(QObject):
    """Runs tasks on one worker thread, in order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._tasks: set[Task] = set()
        # A finished task is freed only once no worker thread is inside any job any more:
        # its result arrives while the worker is still returning from the job's run().
        self._finished: list[Task] = []
        self._reaper = QTimer(self)
        self._reaper.setSingleShot(True)
        self._reaper.setInterval(100)
        self._reaper.timeout.connect(self._reap)

    def submit(
        self,
        fn: Callable[[Progress], Any],
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        # Tasks have no Qt parent: Python owns them, and lets go once the worker is idle.
        task = Task(fn, on_result, on_error)
        self._tasks.add(task)
        task.finished.connect(self._task_finished)
        self.pool.start(task.job)
        return task

    @Slot()
    def _task_finished(self) -> None:
        task = self.sender()
        if isinstance(task, Task):
            self._tasks.discard(task)
            self._finished.append(task)
            self._reaper.start()

    def _reap(self) -> None:
        if self.pool.activeThreadCount() == 0:
            self._finished.clear()
        elif self._finished:
            self._reaper.start()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (for shutdown and tests); queued callbacks still pending."""
        return self.pool.waitForDone(msecs)


def run_with_progress(
    runner: TaskRunner,
    parent: QWidget,
    label: str,
    fn: Callable[[Progress], Any],
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    cancellable: bool = True,
) -> Task:
    """Run `fn` in the worker with a modal progress dialog (shown after a short delay)."""
    dialog = QProgressDialog(label, "取消" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    task = runner.submit(fn, on_result, on_error)

    def show_progress(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    task.progressed.connect(show_progress)  # owned by the task, which outlives the dialog
    dialog.canceled.connect(task.cancel)
    task.finished.connect(dialog.close)
    task.finished.connect(dialog.deleteLater)
    return task
