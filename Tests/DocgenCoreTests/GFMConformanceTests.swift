import Foundation
import Testing

@testable import DocgenCore

/// GitHub's extension examples (the GFM 0.29 spec and cmark-gfm's extension tests, read from
/// `../shared/specs/`) rendered by docgen's Markdown pipeline with smart punctuation off and raw HTML
/// on, compared after ``normalize(_:)``. The examples docgen renders differently on purpose are
/// listed in the README ("GitHub-style Markdown" → deliberate differences) and here; the test fails
/// if any other example differs, or if a listed one stops differing.
@Suite struct GFMConformanceTests {
    struct Example: CustomStringConvertible {
        var id: String
        var kind: String
        var markdown: String
        var html: String
        var description: String { id }
    }

    static let specs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/specs")
        .standardizedFileURL

    /// Examples docgen renders differently from GitHub on purpose (reasons in the README).
    static let deliberateDifferences: [String: String] = [:]

    /// Kinds of example that are not about docgen's extensions.
    static let notApplicable: Set<String> = ["tagfilter"]

    static func examples(in file: String, kinds: Set<String>?) -> [Example]? {
        guard let text = try? String(contentsOf: specs.appendingPathComponent(file), encoding: .utf8) else { return nil }
        let fence = String(repeating: "`", count: 32)
        var examples: [Example] = []
        var section = ""
        var number = 0
        var current: (kind: String, markdown: [String], html: [String], inHTML: Bool)?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if var example = current {
                if line == fence {
                    number += 1
                    if kinds?.contains(example.kind) ?? true {
                        func joined(_ lines: [String]) -> String {
                            lines.isEmpty ? "" : lines.joined(separator: "\n").replacingOccurrences(of: "→", with: "\t") + "\n"
                        }
                        examples.append(
                            Example(
                                id: "\(file.hasPrefix("gfm") ? "gfm" : "extensions") \(number)", kind: example.kind,
                                markdown: joined(example.markdown), html: joined(example.html)))
                    }
                    current = nil
                } else if line == "." && !example.inHTML {
                    example.inHTML = true
                    current = example
                } else {
                    if example.inHTML { example.html.append(String(line)) } else { example.markdown.append(String(line)) }
                    current = example
                }
            } else if line.hasPrefix(fence + " example") {
                let kind = line.dropFirst(fence.count + " example".count).trimmingCharacters(in: .whitespaces)
                current = (kind.isEmpty ? section : kind, [], [], false)
            } else if line.hasPrefix("## ") {
                section = line.dropFirst(3).lowercased()
            }
        }
        return examples
    }

    static var allExamples: [Example]? {
        guard let gfm = examples(in: "gfm-0.29-spec.txt", kinds: ["table", "strikethrough", "autolink", "disabled", "tagfilter"]),
            let extensions = examples(in: "cmark-gfm-extensions-tests.txt", kinds: nil)
        else { return nil }
        return gfm + extensions
    }

    static func render(_ markdown: String) -> String {
        var settings = MarkdownSettings()
        settings.smartPunctuation = false
        return MarkdownDocument(markdown, allowsRawHTML: true, settings: settings).renderHTML(MarkdownRenderPlan()) ?? ""
    }

    /// Makes docgen's deliberate markup comparable with cmark-gfm's: alignment as `align`, one form
    /// for checkboxes (and no task label), footnote ids without their colon, no screen-reader
    /// heading or labels in footnotes.
    static func normalize(_ html: String) -> String {
        var text = html
        let rules: [(String, String)] = [
            (#" style="text-align: (left|center|right)""#, #" align="$1""#),
            (#"<label class="task-list-item-label">"#, ""), ("</label>", ""),
            (#"<input[^>]*checked[^>]*>"#, "[checked]"), (#"<input[^>]*>"#, "[unchecked]"),
            (#"<h[23] class="visually-hidden">Footnotes</h[23]>\n"#, ""),
            (#" aria-label="[^"]*""#, ""),
            (#"(fnref|fn):([0-9]+)"#, "$1$2"),
        ]
        for (pattern, template) in rules {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text
    }

    @Test func extensionExamplesMatchGitHubExceptDeliberateDifferences() throws {
        guard let examples = Self.allExamples else {
            print("skipped: \(Self.specs.path) is absent; the GFM conformance examples were not run")
            return
        }
        var differing: [String] = []
        var tally: [String: (passed: Int, total: Int)] = [:]
        for example in examples where !Self.notApplicable.contains(example.kind) && !example.kind.contains("tag filter") {
            let actual = Self.render(example.markdown)
            let matches = example.html == "<IGNORE>\n" || Self.normalize(actual) == Self.normalize(example.html)
            tally[example.kind, default: (0, 0)].total += 1
            if matches {
                tally[example.kind, default: (0, 0)].passed += 1
            } else {
                differing.append(example.id)
                if Self.deliberateDifferences[example.id] == nil {
                    Issue.record("\(example.id) (\(example.kind)) differs:\n\(example.markdown)\n--- expected\n\(example.html)--- docgen\n\(actual)")
                }
            }
        }
        print("GFM conformance: " + tally.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.passed)/\($0.value.total)" }.joined(separator: ", "))
        #expect(Set(differing) == Set(Self.deliberateDifferences.keys), "the examples that differ are exactly the documented ones")
    }
}
