# A real CUDA trial whose GPU memory grows with `width` (a width×width matmul chain with its activations kept),
# for bench/gpu/packing.sh: packing places trials by the peak memory earlier ones were measured to use.
import os, time
import torch

width = 4096  # @tune int(2048, 8192, step=1024)
# @tune objective: minimize loss
dev = "cuda" if torch.cuda.is_available() else "cpu"
x = torch.randn(width, width, device=dev)
keep = []
for _ in range(8):
    x = torch.tanh(x @ x.T / width)
    keep.append(x)
if dev == "cuda":
    torch.cuda.synchronize()
time.sleep(6)  # hold the memory long enough for nvidia-smi to see it, and for trials to overlap
print(f"loss: {float(x.abs().mean())}")
