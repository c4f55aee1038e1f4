"""Signals other apps listen to without core (or the sender) importing them."""

from django.dispatch import Signal

# Sent by `gongkai worker` before it starts running queued tasks, and by the first
# process of `gongkai serve` (which runs tasks in-process): receivers enqueue the
# upkeep a fresh or upgraded install may lack (search: its language model).
worker_started = Signal()
