# A real CUDA trial: it holds GPU memory for a few seconds and reports what it was given.
import json, os, time
import torch

width = 256  # @tune int(64, 512, step=64)
# @tune objective: minimize loss
visible = os.environ.get("CUDA_VISIBLE_DEVICES")
n = torch.cuda.device_count()
info = {"visible": visible, "device_count": n, "trial": os.environ["ATTUNE_TRIAL"]}
if n:
    x = torch.randn(width, width, device="cuda")
    for _ in range(200):
        x = torch.tanh(x @ x.T / width)
    torch.cuda.synchronize()
    info["gpu_name"] = torch.cuda.get_device_name(0)
time.sleep(4)  # overlap with the other trials, so the scheduler's choices are visible in nvidia-smi
with open(os.path.join(os.environ["ATTUNE_STUDY_DIR"], f"seen-{info['trial']}.json"), "w") as f:
    json.dump(info, f)
print(f"loss: {1.0 / width}")
