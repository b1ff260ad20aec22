#!/usr/bin/env bash
# The README's full test command (npm run test:ci): every tier, each run even when an earlier one fails, so one
# log shows everything; exits non-zero when any tier fails.
#   1. npm test          build, type-check, unit and CLI tests (real Python and Node child processes)
#   2. integration       the extension's suite inside VS Code's extension host: desktop VS Code through
#                        @vscode/test-electron where it can be downloaded, else (saying so) code-server's host
#   3. end-to-end        the packaged .vsix in code-server driven through Chromium (.ci/e2e.sh installs both)
set -uo pipefail
cd "$(dirname "$0")/.."
rc=0
# The Python tests run Debian's scikit-learn, PyTorch, Optuna and SciPy (/usr/bin/python3); the forced-webgpu TF.js
# test runs Dawn's OpenGL ES backend on Mesa's llvmpipe (EGL, GLES, the DRI driver); the PostgreSQL storage tests
# start their own server from Debian's postgresql (they must run in CI). Install what is missing.
need=()
for pkg in python3-sklearn python3-torch python3-optuna python3-scipy libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri \
  postgresql; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
export ATTUNE_TEST_WEBGPU=required   # so the webgpu test fails, never skips, when they are missing
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "test:ci: apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null; } || { echo "test:ci: could not install ${need[*]}"; rc=1; }
fi
# In CI the PostgreSQL tests must run: with this set they fail, rather than skip, when the server is missing.
ATTUNE_REQUIRE_PG=1 npm test || rc=1
# Both VS Code tiers need Node 24 + code-server + chromium (cached in .e2e/; a second run takes a second).
bash scripts/e2e-setup.sh >/dev/null || rc=1
ATTUNE_INTEGRATION_ALLOW_SKIP=1 npm run test:integration || rc=1
bash .ci/e2e.sh || rc=1
exit "$rc"
