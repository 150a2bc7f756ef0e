"""Peak memory of the current process."""


def peak_mb() -> float:
    """VmHWM: unlike ru_maxrss, it starts afresh at exec, so a child process measures itself
    and not the parent that forked it."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
