import Foundation
import Testing

/// `docgen address`, run as a process: output, standard error, exit status.
@Suite struct AddressCommandTests {
    @Test func doneWhenExample() throws {
        let outcome = try DocgenProcess.run(["address", "skypeguy@customdomain.com"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "skypeguy(customdomain.com)@msn.com\n")
        #expect(outcome.stderr == "")
    }

    @Test func oneLinePerArgument() throws {
        let outcome = try DocgenProcess.run(["address", "bob@contoso.com", "Someone@Outlook.COM", "sip:ann@eu.contoso.co.uk"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "bob(contoso.com)@msn.com\nSomeone@outlook.com\nann(eu.contoso.co.uk)@msn.com\n")
    }

    @Test func rejectionsGoToStandardErrorAndFailTheRun() throws {
        let outcome = try DocgenProcess.run(["address", "bob@contoso.com", "bob@localhost", "a@b@c.com", "ted@contoso.com"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "bob(contoso.com)@msn.com\nted(contoso.com)@msn.com\n", "valid inputs are still printed")
        #expect(
            outcome.stderr == """
                bob@localhost: error: The domain 'localhost' needs at least two labels, as in contoso.com.
                a@b@c.com: error: 'a@b@c.com' has 2 @ signs; an address has exactly one.

                """)
    }

    @Test func readsStandardInputSkippingBlankLines() throws {
        let outcome = try DocgenProcess.run(["address"], input: "bob@contoso.com\n\n   \r\nsomeone@hotmail.com\r\nbob@\n")
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "bob(contoso.com)@msn.com\nsomeone@hotmail.com\n")
        #expect(outcome.stderr == "bob@: error: 'bob@' has nothing after the @.\n")
    }

    @Test func decodeAcceptsBothSuffixesAndRefusesNativeInnerDomains() throws {
        let outcome = try DocgenProcess.run([
            "address", "--decode", "skypeguy(customdomain.com)@msn.com", "skypeguy(customdomain.com)@hotmail.com", "x(hotmail.com)@msn.com",
        ])
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "skypeguy@customdomain.com\nskypeguy@customdomain.com\n")
        #expect(outcome.stderr.hasPrefix("x(hotmail.com)@msn.com: error: 'x(hotmail.com)@msn.com' wraps the native domain hotmail.com"))
    }

    @Test func hotmailSuffix() throws {
        let outcome = try DocgenProcess.run(["address", "--suffix", "hotmail.com", "skypeguy@customdomain.com"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "skypeguy(customdomain.com)@hotmail.com\n")
    }

    @Test func unknownSuffixIsAUsageError() throws {
        let outcome = try DocgenProcess.run(["address", "--suffix", "gmail.com", "bob@contoso.com"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--suffix must be one of msn.com, hotmail.com, not 'gmail.com'."))
    }

    @Test func jsonPrintsOneObjectPerInput() throws {
        let outcome = try DocgenProcess.run(["address", "--json"], input: "bob@contoso.com\nSomeone@Outlook.COM\n<b>@x.com\n")
        #expect(outcome.status == 1)
        #expect(
            outcome.stdout == """
                {"input":"bob@contoso.com","native":false,"output":"bob(contoso.com)@msn.com"}
                {"input":"Someone@Outlook.COM","native":true,"output":"Someone@outlook.com"}
                {"error":{"kind":"invalid-local-character","message":"The user part '<b>' contains '<', which a Lync contact address cannot carry; use letters, digits and . _ - + ! $ & ' * / = ? ~ only."},"input":"<b>@x.com","native":false}

                """)
        #expect(outcome.stderr.hasPrefix("<b>@x.com: error: The user part '<b>' contains '<'"))
        for line in outcome.stdout.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line)")
        }
    }

    @Test func contentFolderSuppliesNativeDomainsAndSuffix() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-address-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(
            """
            title: Test
            widgets:
              address-converter:
                native-domains: [hotmail.co.uk]
                suffix: hotmail.com

            """.utf8
        ).write(to: folder.appendingPathComponent("site.yml"))

        let outcome = try DocgenProcess.run(["address", "--content", folder.path, "jane@hotmail.co.uk", "bob@outlook.com"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "jane@hotmail.co.uk\nbob(outlook.com)@hotmail.com\n")

        let missing = try DocgenProcess.run(["address", "--content", folder.appendingPathComponent("nope").path, "bob@contoso.com"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("site.yml: error: cannot read the site settings file"))
    }
}
