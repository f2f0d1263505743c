import Foundation
import Testing

@testable import DocgenCore

/// Hostile inputs that once cost time or memory out of all proportion to their size.
@Suite struct BoundedInputTests {
    /// Nine levels of nine aliases each: a few hundred bytes that Yams would expand to 9⁹ strings.
    static let billionLaughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """

    @Test func billionLaughsIsSmall() {
        #expect(Self.billionLaughs.utf8.count < 500)
    }

    @Test func billionLaughsInFrontMatterIsRefusedAtTheFirstAnchor() {
        let page = "---\ntitle: Home\n" + Self.billionLaughs + "---\nHello.\n"
        let error = #expect(throws: Diagnostic.self) { try PageSource.parse(page, path: "Content/index.md") }
        #expect(error?.description == "Content/index.md:3:4: error: YAML anchors and aliases are not supported")
    }

    @Test func billionLaughsInSiteSettingsIsRefused() {
        let error = #expect(throws: Diagnostic.self) { try SiteSettings.parse("title: T\n" + Self.billionLaughs, path: "Content/site.yml") }
        #expect(error?.description == "Content/site.yml:2:4: error: YAML anchors and aliases are not supported")
    }

    @Test func aliasWithoutAnchorIsRefusedWhereItIs() {
        let error = #expect(throws: Diagnostic.self) {
            try SiteSettings.parse("title: T\nwidgets:\n  - *x\n", path: "site.yml")
        }
        #expect(error?.description == "site.yml:3:5: error: YAML anchors and aliases are not supported")
    }

    /// Every place YAML puts a node: the scanner must see an anchor or alias in each.
    @Test(arguments: [
        ("&a x", 1, 1), ("k: &a x", 1, 4), ("k: *a", 1, 4), ("- *a", 1, 3), ("- - &a x", 1, 5), ("? *a\n: x", 1, 3),
        ("k: [x, *a]", 1, 8), ("k: {a: *a}", 1, 8), ("k: [*a]", 1, 5), ("k: !!str &a x", 1, 10), ("--- &a x", 1, 5),
        ("k:\n  *a", 2, 3), ("\"k\": *a", 1, 6), ("{\"k\":*a}", 1, 6), ("k: |\n  text\nj: *a", 3, 4),
        ("k: 'it''s'\nj: &a x", 2, 4), ("k: \"a\\\"b\"\nj: *a", 2, 4), ("- k: |\n    text\n  j: *a", 3, 6),
        ("k: x # comment\nj: *a", 2, 4), ("k: [a,\n  *b]", 2, 3), ("k: x\r&a y: z", 2, 1), ("k: x\r\n*a", 2, 1),
        ("k: x\u{85}*a", 2, 1), ("k: x\u{2028}*a", 2, 1), ("\u{FEFF}&a x", 1, 1), ("k: |\r  text\rj: *a", 3, 4), ("é: &a x", 1, 4),
        ("k:\n  |\n  text\nj: *a", 4, 4), ("k:\n  !!str |\n   text\nj: *a", 4, 4),
    ])
    func anchorsAndAliasesAreFoundEverywhere(yaml: String, line: Int, column: Int) {
        #expect(YAMLAnchorScanner.firstAnchorOrAlias(in: yaml) == .init(line: line, column: column))
    }

    /// `&` and `*` that are text: the scanner must leave them to Yams.
    @Test(arguments: [
        "title: Tom & Jerry", "title: 2*3 = 6", "title: 'a *b*'", "title: \"&x\"", "k: a # &comment", "k: |\n  *bold* & more\n  &x\nj: y",
        "k: >-\n  *a\n\n  &b\n", "k: [a&b, c*d]", "k: a:*b", "# *a\nk: v", "k: 'x\n  *y'", "k: \"x\n  &y\"", "- |\n  *a\n- b",
        "k: http://x/&a", "k: {a: b&c}",
    ])
    func textWithAmpersandsAndAsterisksIsAccepted(yaml: String) throws {
        #expect(YAMLAnchorScanner.firstAnchorOrAlias(in: yaml) == nil)
        _ = try YAMLReader.parse(yaml, path: "x.yml", firstLine: 1, stage: .settings, byteLimit: 1024, what: "the file")
    }

    /// Found by the FuzzYAML fuzzer: an anchor after a `\r` line break, which the scanner took for a space.
    @Test func fuzzFindingAnchorAfterCarriageReturn() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "FuzzFindings/yaml-anchor-after-carriage-return.yml")
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(YAMLAnchorScanner.firstAnchorOrAlias(in: text) != nil)
        let error = #expect(throws: Diagnostic.self) {
            try YAMLReader.parse(text, path: "x.yml", firstLine: 1, stage: .settings, byteLimit: 1024, what: "the file")
        }
        #expect(error?.message == "YAML anchors and aliases are not supported")
    }

    @Test func frontMatterOverTheLimitIsRefused() {
        let page = "---\ntitle: Home\ndescription: " + String(repeating: "x", count: 64 * 1024) + "\n---\nHello.\n"
        let error = #expect(throws: Diagnostic.self) { try PageSource.parse(page, path: "Content/index.md") }
        #expect(error?.description == "Content/index.md:2:1: error: the front matter is 65561 bytes; docgen reads at most 64 KiB of YAML here")
    }

    @Test func settingsOverTheLimitAreRefused() {
        let settings = "title: T\ndescription: " + String(repeating: "x", count: 256 * 1024) + "\n"
        let error = #expect(throws: Diagnostic.self) { try SiteSettings.parse(settings, path: "site.yml") }
        #expect(error?.description.hasPrefix("site.yml:1:1: error: the settings file is ") == true)
    }

    @Test func equalHeadingsCostLinearlyManyLookups() {
        var slugger = Slugger()
        var ids: [String] = []
        for _ in 0..<16_000 { ids.append(slugger.uniqueSlug(for: "Same")) }
        #expect(ids.prefix(3) == ["same", "same-1", "same-2"])
        #expect(ids.last == "same-15999")
        #expect(Set(ids).count == 16_000)
        // One look-up per heading plus one per taken candidate skipped: at most 2 per heading.
        #expect(slugger.lookupCount <= 2 * 16_000)
    }

    @Test func suffixesSkipSlugsTakenOtherwise() {
        var slugger = Slugger(reserved: ["a-2"])
        let ids = ["a", "a-1", "a", "a", "a", "a-1"].map { slugger.uniqueSlug(for: $0) }
        #expect(ids == ["a", "a-1", "a-3", "a-4", "a-5", "a-1-1"])
    }
}
