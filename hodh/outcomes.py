"""What a gate found, as the run report, the manifest and the audit line show it: a suite
of named checks, each passed or failed, with counts and never a value from the data. The
expectation suites (hodh.gates), the requirement profile's check (hodh.profiles) and the
re-identification gate (hodh.reidentification) all report this way, so the run treats
every gate alike, and a gate that needs no Great Expectations does not import it."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's verdict, with counts only (never a value from the data)."""

    label: str
    passed: bool
    raised: tuple[str, ...]
    observed: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "expectation": self.label,
            "passed": self.passed,
            "raised": list(self.raised),
            "observed": self.observed,
        }


@dataclass(frozen=True)
class SuiteOutcome:
    """One suite's verdict; error is set when the suite could not be run at all."""

    suite: str
    table: str
    expectations: tuple[ExpectationOutcome, ...] = ()
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and all(outcome.passed for outcome in self.expectations)

    def failures(self) -> list[str]:
        """Names of what failed, as the report and the audit log show them."""
        if self.error is not None:
            return [f"{self.suite}: {self.error}"]
        return [f"{self.suite}: {e.label}" for e in self.expectations if not e.passed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "table": self.table,
            "passed": self.passed,
            "error": self.error,
            "evaluated": len(self.expectations),
            "failed": sum(not outcome.passed for outcome in self.expectations),
            "expectations": [outcome.as_dict() for outcome in self.expectations],
        }
