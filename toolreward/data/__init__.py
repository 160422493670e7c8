"""Training data for Tool-N1-style GRPO: converters from xLAM-60k and ToolACE.

``toolreward data xlam FILE ... --out DIR`` (and ``toolace``) read the
published files, apply the paper's processing and optional augmentations,
and write records that ``toolreward train`` and verl both read:

* :mod:`.sources`: the readers (one sample per call turn; bad records are
  reported with file and line, never dropped silently);
* :mod:`.augment`: irrelevance samples and name masking, seeded;
* :mod:`.build`: dedup, seeded split, the toolreward and verl layouts.
"""

from __future__ import annotations

from .augment import irrelevance, mask_names
from .build import BuildOptions, build, toolreward_record, verl_record, write
from .sources import Rejected, Sample, read_toolace, read_xlam, tools_as_specs

__all__ = [
    "BuildOptions",
    "Rejected",
    "Sample",
    "build",
    "irrelevance",
    "mask_names",
    "read_toolace",
    "read_xlam",
    "toolreward_record",
    "tools_as_specs",
    "verl_record",
    "write",
]
