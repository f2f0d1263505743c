import Foundation

/// A file a theme or widget ships (a stylesheet, a script, an icon), compiled into docgen.
///
/// The EmbedAssets build plugin turns a target's asset files into a list of these, so a copied
/// docgen binary needs no resource folder beside it.
public struct AssetFile: Sendable, Hashable {
    /// Path relative to the folder the asset came from, e.g. `style.css` or `AddressConverter/address-converter.js`.
    public let path: String
    public let bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// For binary files, which the plugin stores as Base64.
    public init(path: String, base64: String) {
        self.init(path: path, bytes: Data(base64Encoded: base64).map { [UInt8]($0) } ?? [])
    }

    /// The last path component: the name the file is written under.
    public var fileName: String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
