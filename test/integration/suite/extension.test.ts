// Runs inside a real VS Code's extension host (opened on test/integration/fixture): the packaged manifest's
// promises hold — the extension activates on a Python file, registers every contributed command, answers hovers
// on annotated lines, and reports malformed annotations as diagnostics.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as vscode from "vscode";

const EXTENSION_ID = "attune.attune";

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the runner opens test/integration/fixture as the workspace");
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

async function until<T>(what: string, ms: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === "string" ? c : "value" in c ? c.value : ""))
    .join("\n");
}

describe("Attune extension (VS Code integration)", () => {
  let doc: vscode.TextDocument;

  before(async () => {
    doc = await vscode.workspace.openTextDocument(fixture("train.py"));
    await vscode.window.showTextDocument(doc);
  });

  it("activates on an annotated Python file", async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await until("activation", 15_000, () => (ext.isActive ? true : undefined));
  });

  it("registers every command its manifest contributes", async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.includes("attune.startTuning"));
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
      "contributed but not registered",
    );
  });

  it("hover on an annotated line shows its distribution", async () => {
    const line = doc
      .getText()
      .split("\n")
      .findIndex((l) => l.startsWith("lr = "));
    const pos = new vscode.Position(line, 2);
    const text = await until("a hover", 10_000, async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, pos);
      const t = hoverText(hovers ?? []);
      return /loguniform|log/.test(t) ? t : undefined;
    });
    assert.match(text, /1e-4|0\.0001/, `the hover shows the range: ${text}`);
  });

  it("reports a malformed annotation as an error diagnostic", async () => {
    const line = doc
      .getText()
      .split("\n")
      .findIndex((l) => l.startsWith("width = "));
    const diags = await until("a diagnostic on the malformed line", 10_000, () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.range.start.line === line);
      return d.length ? d : undefined;
    });
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(diags[0].message, /lo < hi|lo=5/);
  });

  it("diagnostics follow edits as you type", async () => {
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc
      .getText()
      .split("\n")
      .findIndex((l) => l.startsWith("width = "));
    const range = doc.lineAt(line).range;
    await editor.edit((e) => e.replace(range, "width = 64  # @tune int(1, 100)"));
    try {
      await until("the diagnostic to clear", 10_000, () =>
        vscode.languages.getDiagnostics(doc.uri).some((x) => x.range.start.line === line) ? undefined : true,
      );
    } finally {
      await vscode.commands.executeCommand("workbench.action.files.revert");
    }
  });
});
