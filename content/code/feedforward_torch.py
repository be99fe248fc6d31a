import torch
import torch.nn.functional as F
from torch import nn


def llama_hidden(dim: int, multiple_of: int = 1, ffn_dim_multiplier: float | None = None) -> int:
    """LLaMA's rule for the hidden width: 2/3 of 4·dim, times the multiplier, rounded up."""
    hidden_dim = int(2 * (4 * dim) / 3)
    if ffn_dim_multiplier is not None:
        hidden_dim = int(ffn_dim_multiplier * hidden_dim)
    return multiple_of * ((hidden_dim + multiple_of - 1) // multiple_of)


class FeedForward(nn.Module):
    """SwiGLU feed-forward layer as in LLaMA: w2(silu(w1 x) * w3 x), no biases."""

    def __init__(self, dim: int, hidden_dim: int):
        super().__init__()
        self.w1 = nn.Linear(dim, hidden_dim, bias=False)  # gate
        self.w2 = nn.Linear(hidden_dim, dim, bias=False)  # down, back to dim
        self.w3 = nn.Linear(dim, hidden_dim, bias=False)  # up, the value

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


# Llama 3 8B's sizes: dim 4096, ffn_dim_multiplier 1.3, multiple_of 1024.
ffn = FeedForward(4096, llama_hidden(4096, multiple_of=1024, ffn_dim_multiplier=1.3))
print(ffn.w1.weight.shape)  # torch.Size([14336, 4096])
print(sum(p.numel() for p in ffn.parameters()))  # 176160768 = 3 · 4096 · 14336
