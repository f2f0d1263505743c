import Testing

@testable import DocgenCore
@testable import FederationWidgets

/// Request files are YAML from others: no anchors or aliases, and a size limit, before Yams reads them.
@Suite struct RequestFileLimitTests {
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

    @Test func billionLaughsInRequestFileIsRefused() {
        let error = #expect(throws: BuildFailure.self) { try RequestEmailFile.parse(Self.billionLaughs, path: "request.yml") }
        #expect(error?.diagnostics.map(\.description) == ["request.yml:1:4: error: YAML anchors and aliases are not supported"])
    }

    @Test func requestFilesOverTheLimitAreRefused() {
        let request = "enterprise-name: " + String(repeating: "x", count: 64 * 1024) + "\n"
        let failure = #expect(throws: BuildFailure.self) { try RequestEmailFile.parse(request, path: "r.yml") }
        #expect(failure?.diagnostics.first?.description.hasSuffix("docgen reads at most 64 KiB of YAML here") == true)
    }
}
