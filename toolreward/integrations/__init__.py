"""Adapters that plug toolreward into RL frameworks (TRL, verl, OpenRLHF).

Each adapter lives in its own module and imports its framework lazily, if at
all: ``import toolreward`` never imports trl, verl, openrlhf or torch.
"""
