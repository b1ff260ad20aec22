// The one object VS Code gives a webview. Typed to our messages and UI state.
import type { WebviewMessage } from "../src/protocol/messages";
import type { UiState } from "./model/uiState";

export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: UiState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
