// Parts activation does not need, loaded on first use: the panel host, the launcher (which pulls in the run loop)
// and the exporters. Inside the bundle each is a lazily initialised module, so activation does not evaluate them.
type PanelModule = typeof import("./panel/panelHost");
type LauncherModule = typeof import("./launcher");
type ExportModule = typeof import("../core/export");

export const panelModule = (): PanelModule => require("./panel/panelHost") as PanelModule;
export const launcherModule = (): LauncherModule => require("./launcher") as LauncherModule;
export const exportModule = (): ExportModule => require("../core/export") as ExportModule;
