"""Rules as data: the loader and validator of ``rules/*.yaml`` and the compiled rules."""
