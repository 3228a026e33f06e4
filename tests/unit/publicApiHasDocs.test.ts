/**
 * Every symbol a user can reach through the package's entry points (package.json `exports`) has a
 * doc comment, and so does every public member of the classes, interfaces and object types among
 * them: editors show these comments, and they are the reference documentation of the package.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

// Building a type-checked program of the whole package takes seconds, more on a busy machine.
jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** `name` of every declaration in `program` reachable from `entryFiles` that has no doc comment. */
function undocumentedExports(program: ts.Program, entryFiles: readonly string[]): string[] {
  const checker = program.getTypeChecker();
  const missing = new Set<string>();
  const hasDocs = (symbol: ts.Symbol) =>
    ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== "";
  const ours = (decl: ts.Declaration) => !decl.getSourceFile().fileName.includes("/node_modules/");
  const where = (decl: ts.Declaration) =>
    path.relative(repoRoot, decl.getSourceFile().fileName).split(path.sep).join("/");
  const isPublic = (decl: ts.Declaration) => {
    const flags = ts.getCombinedModifierFlags(decl);
    if ((flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0) return false;
    const name = ts.getNameOfDeclaration(decl);
    return name === undefined || !ts.isPrivateIdentifier(name);
  };
  const memberKinds = new Set([
    ts.SyntaxKind.PropertyDeclaration,
    ts.SyntaxKind.MethodDeclaration,
    ts.SyntaxKind.GetAccessor,
    ts.SyntaxKind.SetAccessor,
    ts.SyntaxKind.PropertySignature,
    ts.SyntaxKind.MethodSignature,
  ]);

  const checkMembers = (owner: string, members: ts.NodeArray<ts.Node>) => {
    for (const member of members) {
      if (!memberKinds.has(member.kind) || !isPublic(member as ts.Declaration)) continue;
      const symbol = checker.getSymbolAtLocation(ts.getNameOfDeclaration(member as ts.Declaration) ?? member);
      if (symbol !== undefined && !hasDocs(symbol))
        missing.add(`${where(member as ts.Declaration)}: ${owner}.${symbol.getName()}`);
    }
  };

  for (const entry of entryFiles) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`${entry} is not part of the program`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol =
        (exported.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(exported) : exported;
      const decls = (symbol.getDeclarations() ?? []).filter(ours);
      if (decls.length === 0) continue;
      if (!hasDocs(symbol)) missing.add(`${where(decls[0]!)}: ${symbol.getName()}`);
      for (const decl of decls) {
        if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl))
          checkMembers(symbol.getName(), decl.members);
        else if (ts.isTypeAliasDeclaration(decl) && ts.isTypeLiteralNode(decl.type))
          checkMembers(symbol.getName(), decl.type.members);
      }
    }
  }
  return [...missing].sort();
}

/** The source files behind the package's `exports` entries (`./dist/x/index.js` → `x/index.ts`). */
function entryPointSources(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    exports: Record<string, string | { default: string }>;
  };
  return Object.values(pkg.exports)
    .map((target) => (typeof target === "string" ? target : target.default))
    .filter((target) => target.endsWith(".js"))
    .map((target) => path.join(repoRoot, target.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts")));
}

function programFor(files: readonly string[]): ts.Program {
  const configFile = ts.readConfigFile(path.join(repoRoot, "tsconfig.json"), (f) => ts.sys.readFile(f));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, repoRoot);
  return ts.createProgram({ rootNames: files, options: { ...options, noEmit: true } });
}

describe("the public API", () => {
  it("finds an export or a member without a doc comment (the check itself can fail)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hwjobs-docs-"));
    try {
      const file = path.join(dir, "index.ts");
      writeFileSync(
        file,
        [
          "/** Documented. */",
          "export interface Shown {",
          "  /** Documented. */",
          "  readonly a: string;",
          "  readonly b: number;",
          "}",
          "export function bare(): void {}",
          "/** Documented. */",
          "export class Widget {",
          "  /** Documented. */",
          "  run(): void {}",
          "  stop(): void {}",
          "  private hidden = 1;",
          "}",
          "",
        ].join("\n"),
      );
      const found = undocumentedExports(programFor([file]), [file]).map((m) => m.replace(/^.*: /, ""));
      expect(found).toEqual(["Shown.b", "Widget.stop", "bare"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has a doc comment on every export of every entry point and on their public members", () => {
    const entries = entryPointSources();
    expect(entries.map((e) => path.relative(repoRoot, e))).toEqual(
      expect.arrayContaining(["sdk/index.ts", "provider/index.ts", "emulator/index.ts"]),
    );
    expect(undocumentedExports(programFor(entries), entries)).toEqual([]);
  });
});
