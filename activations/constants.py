"""Numbers the core's formulas and defaults share, each written once.

The NumPy kernels (:mod:`activations.elementwise`), the registry's SymPy expressions and
parameter defaults (:mod:`activations.registry`), the formula examples
(:mod:`activations.formula`) and the benchmarks read them from here. No imports: the formula
worker process loads this module too.
"""

from __future__ import annotations

__all__ = ["ELU_ALPHA", "GELU_TANH_CUBIC", "NEGATIVE_SLOPE", "PRELU_INIT", "SWISH_BETA"]

GELU_TANH_CUBIC = 0.044715
"""c in the GELU tanh approximation ½x[1 + tanh(√(2/π)(x + c·x³))] (Hendrycks & Gimpel 2016;
GPT-2's code, and google-research/bert's after its first release: the released BERT weights
were trained with the exact erf form)."""

NEGATIVE_SLOPE = 0.01
"""Leaky ReLU's default slope for x < 0: PyTorch's ``nn.LeakyReLU`` default."""

PRELU_INIT = 0.25
"""PReLU's initial learned slope for x < 0: PyTorch's ``nn.PReLU`` default."""

ELU_ALPHA = 1.0
"""ELU's default saturation value α: PyTorch's ``nn.ELU`` default."""

SWISH_BETA = 1.0
"""Swish's default sharpness β: SiLU, PyTorch's ``nn.SiLU``."""
