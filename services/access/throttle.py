"""Login throttling per account and per client address, with growing delays.

Login clicks are websocket events that HTTP rate limiters never see, so the login use case counts them itself.
An attempt counts as a failure when it starts (parallel attempts cannot slip through) and is taken back when it
succeeds; a success also clears the account. Counts are forgotten after an hour without attempts.
State lives in the process (Clientbook runs as one process); a restart forgets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORGET_AFTER = 3600.0


@dataclass
class _Entry:
    failures: int = 0
    locked_until: float = 0.0
    last: float = 0.0


@dataclass
class Throttle:
    free_attempts: int
    base_delay: float = 30.0
    max_delay: float = 900.0
    entries: dict[str, _Entry] = field(default_factory=dict)

    def wait_time(self, key: str, now: float) -> float:
        entry = self._entry(key, now)
        return max(0.0, entry.locked_until - now)

    def count(self, key: str, now: float) -> None:
        entry = self._entry(key, now)
        entry.failures += 1
        entry.last = now
        over = entry.failures - self.free_attempts
        if over >= 0:  # the free attempts are used up: wait, and twice as long after every further failure
            entry.locked_until = now + min(self.max_delay, self.base_delay * 2**over)

    def take_back(self, key: str) -> None:
        entry = self.entries.get(key)
        if entry is not None:
            entry.failures = max(0, entry.failures - 1)

    def clear(self, key: str) -> None:
        self.entries.pop(key, None)

    def _entry(self, key: str, now: float) -> _Entry:
        entry = self.entries.get(key)
        if entry is None or (now - entry.last > FORGET_AFTER and now >= entry.locked_until):
            entry = self.entries[key] = _Entry(last=now)
        return entry


@dataclass
class LoginThrottle:
    accounts: Throttle = field(default_factory=lambda: Throttle(free_attempts=5))
    addresses: Throttle = field(default_factory=lambda: Throttle(free_attempts=20))

    def begin(self, account: str, address: str, now: float) -> float:
        """Seconds the caller must wait; when 0, the attempt is counted as a failure and may proceed."""
        wait = max(self.accounts.wait_time(account, now), self.addresses.wait_time(address, now))
        if wait == 0:
            self.accounts.count(account, now)
            self.addresses.count(address, now)
        return wait

    def succeeded(self, account: str, address: str) -> None:
        self.accounts.clear(account)
        self.addresses.take_back(address)


login_throttle = LoginThrottle()
