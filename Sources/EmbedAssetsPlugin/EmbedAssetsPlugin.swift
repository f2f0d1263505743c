import Foundation
import PackagePlugin

/// Compiles a target's asset files (CSS, scripts, images: every file that is not Swift) into the
/// target as a generated `EmbeddedAssets.files` list, so the docgen binary needs nothing beside it.
///
/// SwiftPM reruns the command when an asset changes, so editing `Templates/assets/style.css` and
/// running `swift run docgen` picks the change up.
@main
struct EmbedAssetsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let assets = module.sourceFiles
            .filter { $0.type == .unknown || $0.type == .resource }
            .map(\.url)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedAssets.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(assets.count) asset files of \(target.name)",
                executable: try context.tool(named: "embed-assets").url,
                arguments: [output.path, module.directoryURL.path] + assets.map(\.path),
                inputFiles: assets,
                outputFiles: [output])
        ]
    }
}
