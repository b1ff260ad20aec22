"""Runs a user's Python script with Attune's patched hyperparameter values, as if it were the original file.

Usage: python -u attune_bootstrap.py <patched-copy> <original-path> [args...]

The patched text (same line count as the original) is compiled under the ORIGINAL path, so tracebacks, linecache,
inspect, `__file__`, `sys.argv[0]` and imports of sibling modules all behave as in `python <original> args...`.
Known limit: multiprocessing's "spawn" start method re-imports __main__ from the original (unpatched) file.
"""
import os
import sys


def _die_with_parent():
    # A trial must not outlive its runner (a crashed editor would leave GPU jobs running). Linux only; cheap.
    parent = os.environ.get("ATTUNE_RT_PARENT")
    if not parent or not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        if os.getppid() != int(parent):  # the runner died before we got here
            os._exit(1)
    except Exception:
        pass


def _main():
    patched_path, original = sys.argv[1], os.path.abspath(sys.argv[2])
    with open(patched_path, "rb") as f:
        source = f.read()
    code = compile(source, original, "exec", dont_inherit=True)

    import linecache

    text = source.decode("utf-8", "replace")
    # mtime None: linecache.checkcache() keeps this entry instead of re-reading the unpatched file from disk.
    linecache.cache[original] = (len(text), None, text.splitlines(True), original)

    sys.argv = [original] + sys.argv[3:]
    sys.path[0] = os.path.dirname(original)
    import types

    main = types.ModuleType("__main__")
    main.__dict__.update(__file__=original, __builtins__=__builtins__, __cached__=None, __package__=None, __spec__=None)
    sys.modules["__main__"] = main
    _die_with_parent()
    try:
        exec(code, main.__dict__)
    except Exception as e:
        # Print it as `python <original>` would: without this bootstrap's own frame on top.
        sys.excepthook(type(e), e, e.__traceback__.tb_next if e.__traceback__ else None)
        sys.exit(1)


_main()
