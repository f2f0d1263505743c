import Foundation
import Testing

@testable import DocgenCore

/// Every CommonMark 0.30 spec example, rendered through docgen's Markdown pipeline with raw HTML on, and
/// the output checker run over it: no example may be refused for a network load or a root-absolute URL
/// unless it really has one.
@Suite struct CommonMarkOutputCheckTests {
    static let specURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/specs/commonmark-0.30-spec.txt")

    /// Examples whose links or images really are root-absolute (`[link](/url)`, `![foo](/url)`, and 631's
    /// `<a href="\\*">`, which a browser reads as `/*`). None of the examples loads from the network.
    static let rootAbsoluteExamples: Set<Int> = [
        21, 22, 23, 32, 33, 192, 193, 196, 198, 202, 205, 206, 214, 215, 216, 217, 218, 403, 418, 421, 432, 472, 473, 481, 482, 488, 504, 505, 506,
        508, 509, 511, 513, 514, 515, 516, 517, 518, 520, 526, 527, 528, 529, 530, 531, 532, 533, 534, 538, 539, 540, 541, 542, 543, 548, 549, 552,
        553, 554, 555, 556, 557, 558, 559, 560, 561, 563, 564, 565, 567, 568, 569, 570, 571, 573, 574, 578, 580, 581, 582, 583, 584, 585, 586, 587,
        588, 590, 592, 631,
    ]

    static func examples() -> [(number: Int, markdown: String)]? {
        guard let text = try? String(contentsOf: specURL, encoding: .utf8) else { return nil }
        var examples: [(Int, String)] = []
        var markdown: [Substring] = []
        var state = 0  // 0 outside, 1 in the Markdown, 2 in the HTML
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if state == 0 && line.hasPrefix("```````````````````````````````` example") {
                state = 1
                markdown = []
            } else if state == 1 && line == "." {
                state = 2
            } else if state == 1 {
                markdown.append(line)
            } else if state == 2 && line == "````````````````````````````````" {
                state = 0
                let source = markdown.map { $0 + "\n" }.joined().replacingOccurrences(of: "→", with: "\t")
                examples.append((examples.count + 1, source))
            }
        }
        return examples
    }

    /// The body HTML docgen writes for `markdown`: heading ids from the slugger, links kept as written.
    static func render(_ markdown: String) -> String {
        let document = MarkdownDocument(markdown, allowsRawHTML: true)
        var plan = MarkdownRenderPlan()
        var slugger = Slugger()
        for heading in document.headings {
            let slug = HTML(escaping: slugger.uniqueSlug(for: heading.text)).string
            plan.headings.append((open: "<h\(heading.level) id=\"\(slug)\">", close: "</h\(heading.level)>"))
        }
        plan.links = document.links.map { (url: $0.url, openTag: nil) }
        return document.renderHTML(plan) ?? ""
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: specURL.path), "the specs folder ../shared/specs is absent"))
    func specExamplesAreNotRefused() throws {
        let examples = try #require(Self.examples())
        #expect(examples.count == 652)
        var found: Set<Int> = []
        for (number, markdown) in examples {
            let messages = OutputScanner.scan(Array(Self.render(markdown).utf8)).map(\.message).filter {
                $0.contains("network") || $0.contains("root-absolute") || $0.contains("<base")
            }
            guard !messages.isEmpty else { continue }
            found.insert(number)
            #expect(messages.allSatisfy { $0.hasPrefix("root-absolute URL '") }, "example \(number): \(messages)")
        }
        #expect(found.subtracting(Self.rootAbsoluteExamples).sorted() == [], "refused although nothing loads from the network")
        #expect(Self.rootAbsoluteExamples.subtracting(found).sorted() == [], "root-absolute URLs not reported")
    }
}
