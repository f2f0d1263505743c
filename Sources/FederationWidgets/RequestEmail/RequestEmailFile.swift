import DocgenCore
import Yams

/// A request written as YAML, with the command-line option names as keys:
///
/// ```yaml
/// enterprise-name: Contoso Ltd
/// agreement-type: volume-licensing
/// agreement-number: "12345678"
/// access-proxy: sip.contoso.com
/// domain: [contoso.com, fabrikam.com]
/// network: skype
/// contact-name: Jane Doe
/// contact-email: jane.doe@contoso.com
/// ```
public struct RequestEmailFile: Sendable {
    public var input: ProvisioningRequestInput
    /// Where each field's value was written, so problems can point into the file.
    public var locations: [String: SourceLocation]

    /// Reads the file's text; `path` is used in messages. Reports every problem with the file's shape at once.
    public static func parse(_ text: String, path: String) throws(BuildFailure) -> RequestEmailFile {
        let root: Node?
        do {
            root = try YAMLReader.parse(
                text, path: path, firstLine: 1, stage: .reading, byteLimit: YAMLReader.requestFileByteLimit, what: "the request file")
        } catch {
            throw BuildFailure([error])
        }
        var file = RequestEmailFile(input: ProvisioningRequestInput(), locations: [:])
        guard let root else { return file }
        guard case .mapping(let mapping) = root else {
            throw BuildFailure([
                .error(
                    .reading, at: YAMLReader.location(of: root, path: path, firstLine: 1), "a request file must be a mapping of field names to values"
                )
            ])
        }
        var diagnostics: [Diagnostic] = []
        let names = RequestField.all.map(\.name)
        for (keyNode, valueNode) in mapping {
            let location = YAMLReader.location(of: keyNode, path: path, firstLine: 1)
            guard let key = keyNode.string, let field = RequestField.all.first(where: { $0.name == key }) else {
                diagnostics.append(
                    .error(
                        .reading, at: location, "'\(keyNode.string ?? "")' is not a request field; the fields are \(names.joined(separator: ", "))"))
                continue
            }
            file.locations[key] = YAMLReader.location(of: valueNode, path: path, firstLine: 1)
            let isList = field.kind == .domains || field.kind == .networks
            var values: [String] = []
            switch valueNode {
            case .scalar(let scalar):
                if YAMLReader.value(of: valueNode) != .null { values = [scalar.string] }
            case .sequence(let items) where isList:
                for item in items {
                    guard case .scalar(let scalar) = item else {
                        diagnostics.append(
                            .error(
                                .reading, at: YAMLReader.location(of: item, path: path, firstLine: 1),
                                "each entry of '\(key)' must be text, not \(YAMLReader.typeName(of: item))"))
                        continue
                    }
                    values.append(scalar.string)
                }
            default:
                let expected = isList ? "text or a list of text" : "text"
                diagnostics.append(
                    .error(.reading, at: file.locations[key] ?? location, "'\(key)' must be \(expected), not \(YAMLReader.typeName(of: valueNode))"))
                continue
            }
            file.input.set(field, to: values)
        }
        guard diagnostics.isEmpty else { throw BuildFailure(diagnostics.sorted { $0.location < $1.location }) }
        return file
    }
}

extension ProvisioningRequestInput {
    /// Sets a field by its name: the first value for single fields, all of them for lists.
    public mutating func set(_ field: RequestField, to values: [String]) {
        let single = values.first ?? ""
        switch field.name {
        case "enterprise-name": enterpriseName = single
        case "agreement-type": agreementType = single
        case "agreement-number": agreementNumber = single
        case "access-proxy": accessProxy = single
        case "domain": domains = values
        case "network": networks = values
        case "contact-name": contactName = single
        case "contact-email": contactEmail = single
        case "contact-phone": contactPhone = single
        case "to": to = single
        case "date": date = single
        default: preconditionFailure("RequestField.all and ProvisioningRequestInput disagree about \(field.name)")
        }
    }
}
