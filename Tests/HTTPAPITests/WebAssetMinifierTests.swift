import Foundation
import HangarTesting
import Testing

@testable import HTTPAPI

/// The minifier keeps every byte that means something: strings, templates, regular
/// expressions and the line breaks automatic semicolon insertion needs.
@Suite struct WebAssetMinifierTests {
    static func script(_ source: String) -> String {
        String(decoding: WebAssetMinifier.script(Array(source.utf8)), as: UTF8.self)
    }

    static func styles(_ source: String) -> String {
        String(decoding: WebAssetMinifier.styles(Array(source.utf8)), as: UTF8.self)
    }

    @Test func dropsCommentsIndentationAndBlankLines() {
        let source = """
            // The store.
            /* A block
               comment. */
            export function f(a,   b) {
                return a /* inline */ + b; // trailing

            }

            """
        #expect(Self.script(source) == "export function f(a, b) {\nreturn a + b;\n}\n")
    }

    @Test func keepsStringsTemplatesAndRegularExpressions() {
        let kept = [
            #"const url = 'http://example.com/a'; const b = "/* not a comment */";"#,
            "const t = `line one\n    // still text\n  ${a + `inner ${b /* gone */}`}  /* text */`;",
            #"const r = /\/\/+[/*]/g.test(x); const q = s.replace(/'/g, '"');"#,
            "if (x) return /a\\/b/.exec(y);",
            "const half = total / 2 / count; const y = (a) / b; const z = arr[0] / 3;",
            "const o = { a: `${{ b: 1 }.b}` }; const p = '\\'// not a comment';",
        ]
        let expected = [
            #"const url = 'http://example.com/a'; const b = "/* not a comment */";"#,
            "const t = `line one\n    // still text\n  ${a + `inner ${b }`}  /* text */`;",
            #"const r = /\/\/+[/*]/g.test(x); const q = s.replace(/'/g, '"');"#,
            "if (x) return /a\\/b/.exec(y);",
            "const half = total / 2 / count; const y = (a) / b; const z = arr[0] / 3;",
            "const o = { a: `${{ b: 1 }.b}` }; const p = '\\'// not a comment';",
        ]
        for (source, result) in zip(kept, expected) {
            #expect(Self.script(source) == result, "\(source)")
        }
    }

    @Test func keepsLineBreaksBetweenStatements() {
        #expect(Self.script("let a = b\n  (c)\nlet d = 1 // x\n/re/.test(d)") == "let a = b\n(c)\nlet d = 1\n/re/.test(d)")
        #expect(Self.script("a = 1 /* two\nlines */ b = 2") == "a = 1\nb = 2")
    }

    @Test func minifiesStyleSheets() {
        let source = """
            /* Cards. */
            .card {
                background: url("data:image/svg+xml;utf8,<svg>/* kept */</svg>");
                font: 12px/1.5  system-ui; /* trailing */
            }
            a[href^='http://'] { color: red; }

            """
        #expect(
            Self.styles(source) == """
                .card {
                background: url("data:image/svg+xml;utf8,<svg>/* kept */</svg>");
                font: 12px/1.5 system-ui;
                }
                a[href^='http://'] { color: red; }

                """)
    }

    @Test func isIdempotent() {
        let once = Self.script("  const a = `x\n  y`; // c\n\n  b()\n")
        #expect(Self.script(once) == once)
    }

    /// Every module the UI ships still parses once minified (node's own parser checks it), and
    /// minifying it again changes nothing.
    @Test(.timeLimit(.minutes(2))) func everyShippedModuleStillParses() async throws {
        let web = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../web").standardized
        let files = StaticFiles<HangarRequestContext>.list(web.path).values.filter { $0.contentType.hasPrefix("text/javascript") }
        #expect(files.count > 40, "the web directory was not found at \(web.path)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-minified-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, file) in files.enumerated() {
            let original = try #require(FileManager.default.contents(atPath: file.path))
            let minified = WebAssetMinifier.script([UInt8](original))
            #expect(WebAssetMinifier.script(minified) == minified, "\(file.path) changes when minified twice")
            #expect(minified.count < original.count, "\(file.path) did not get smaller")
            let target = directory.appendingPathComponent("\(index).mjs")
            try Data(minified).write(to: target)
            let check = try await ChildProcess.run("/usr/bin/env", ["node", "--check", target.path])
            #expect(check.status == 0, "\(file.path) no longer parses once minified: \(check.output)")
        }
    }
}
