"use strict";
// What a machine offers WebGPU: the NVIDIA driver and its container capabilities, the Vulkan loader and ICD files,
// and the adapters Dawn finds on Vulkan and on OpenGL ES. `node bench/gpu/vulkan-check.cjs`
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const repo = path.resolve(__dirname, "../..");
const b = require(path.join(repo, "src/runner/runtime/attune-backends.cjs"));

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", timeout: 10_000 }).trim();
  } catch (e) {
    return `(${cmd}: ${String(e.message).split("\n")[0]})`;
  }
};
const nvidia = fs.existsSync("/proc/driver/nvidia/version");
console.log(`NVIDIA driver: ` +
  `${nvidia ? fs.readFileSync("/proc/driver/nvidia/version", "utf8").split("\n")[0] : "none"}`);
console.log(`nvidia-smi -L: ${sh("nvidia-smi", ["-L"])}`);
console.log(`NVIDIA_DRIVER_CAPABILITIES=${process.env.NVIDIA_DRIVER_CAPABILITIES ?? "(unset)"}`);
for (const so of ["libvulkan.so.1", "libGLX_nvidia.so.0", "libnvidia-glvkspirv.so", "libEGL.so.1", "libGLESv2.so.2"])
  console.log(`${so}: ${b.canDlopen(so) ? "loads" : "missing"}`);
for (const d of ["/etc/vulkan/icd.d", "/usr/share/vulkan/icd.d"])
  console.log(`${d}: ${fs.existsSync(d) ? fs.readdirSync(d).join(", ") || "(empty)" : "(none)"}`);
const vk = b.vulkanStatus(process.env);
console.log(`Vulkan for Dawn: ${vk.ok ? "ok" : vk.reason}${vk.note ? ` (${vk.note})` : ""}`);
(async () => {
  let dawn;
  try {
    dawn = require(require.resolve("webgpu", { paths: [repo] }));
  } catch (e) {
    console.log(`webgpu package: ${e.message.split("\n")[0]}`);
    return;
  }
  for (const [flags, env] of [
    [["backend=vulkan"], vk.env || {}],
    [["backend=opengles"], { EGL_PLATFORM: "surfaceless" }],
  ]) {
    Object.assign(process.env, env);
    const list = await b.listAdapters(dawn.create, flags);
    console.log(`Dawn ${flags[0]}: ${list.map((a) => a.name).join("; ") || "no adapter"}`);
  }
  for (const force of [false, true]) {
    const found = await b.findWebgpuAdapter(dawn, { env: process.env, force, vulkan: vk });
    console.log(`webgpu ${force ? "forced" : "by default"}: ` +
      `${found.info ? b.formatAdapter(found.info) : found.reason}`);
  }
  process.exit(0);
})();
