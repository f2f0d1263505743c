import DocgenCore

/// The widgets of the Lync–Skype federation guide. Each lives in a folder of its own holding its
/// rules, markup, script and stylesheet; adding one means adding a folder and a line here.
public enum FederationWidgets {
    public static let all: [any Widget] = [
        AddressConverterWidget(),
        RequestEmailWidget(),
    ]
}

extension EmbeddedAssets {
    /// The assets of one widget's folder, in file-name order (scripts load in that order).
    static func files(in folder: String) -> [AssetFile] {
        files.filter { $0.path.hasPrefix(folder + "/") }
    }
}

#if DOCGEN_NO_EMBEDDED_ASSETS
    /// Fuzz builds only (see Package.swift): libFuzzer's `main` would replace the asset tool's own.
    enum EmbeddedAssets {
        static let files: [AssetFile] = []
    }
#endif
