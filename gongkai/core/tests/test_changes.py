"""The per-transaction change collector (core/changes.py), through real transactions."""

from django.db import transaction
from django.test import TestCase, TransactionTestCase

from gongkai.core import changes


class Recorder:
    def __init__(self) -> None:
        self.batches: list[dict[str, frozenset]] = []

    def __call__(self, batch: changes.Changes) -> None:
        self.batches.append({k: v for k, v in batch.items() if k.startswith("test.")})


class CollectorTests(TestCase):
    def test_one_batch_per_transaction_after_commit(self):
        seen = Recorder()
        with (
            changes.consumers_replaced(test=seen),
            self.captureOnCommitCallbacks(execute=True),
            transaction.atomic(),
        ):
            changes.record("test.pages", [1, 2])
            with transaction.atomic():  # a savepoint inside
                changes.record("test.pages", [2, 3])
            changes.record("test.sites", [7])
            self.assertEqual(seen.batches, [])  # nothing before the commit
        self.assertEqual(
            seen.batches,
            [{"test.pages": frozenset({1, 2, 3}), "test.sites": frozenset({7})}],
        )

    def test_consumers_run_in_order_and_one_failing_spares_the_others(self):
        calls = []

        def failing(batch: changes.Changes) -> None:
            calls.append("failing")
            raise RuntimeError("queue down")

        with (
            changes.consumers_replaced(
                test_a=failing, test_b=lambda batch: calls.append("b")
            ),
            self.assertLogs("gongkai.core.changes", "ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            changes.record("test.pages", [1])
        self.assertEqual(calls, ["failing", "b"])

    def test_a_preparer_gets_the_ids_sorted_once(self):
        got = []
        saved = dict(changes._preparers)
        self.addCleanup(
            lambda: (changes._preparers.clear(), changes._preparers.update(saved))
        )
        changes._preparers.clear()
        changes.register_preparer("test", got.append)
        changes.prepare([3, 1, 3])
        changes.prepare([])
        self.assertEqual(got, [[1, 3]])


class RollbackTests(TransactionTestCase):
    """Real commits and rollbacks (no surrounding test transaction)."""

    def test_outside_a_transaction_the_batch_is_handed_over_at_once(self):
        seen = Recorder()
        with changes.consumers_replaced(test=seen):
            changes.record("test.pages", [5])
        self.assertEqual(seen.batches, [{"test.pages": frozenset({5})}])

    def test_a_rolled_back_transaction_hands_over_nothing_and_blocks_nothing(self):
        seen = Recorder()
        with changes.consumers_replaced(test=seen):
            with self.assertRaises(RuntimeError), transaction.atomic():
                changes.record("test.pages", [1])
                raise RuntimeError("rolled back")
            self.assertEqual(seen.batches, [])
            with transaction.atomic():
                changes.record("test.pages", [2])
        self.assertEqual(seen.batches, [{"test.pages": frozenset({2})}])
