import ArgumentParser

/// `scimd`: the SCIM 2.0 provisioning server.
public struct ScimdCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "scimd",
        abstract: "SCIM 2.0 provisioning server for identity providers such as Microsoft Entra ID and Okta.",
        subcommands: [ServeCommand.self],
        defaultSubcommand: ServeCommand.self)

    public init() {}

    /// Parses the process arguments and runs the chosen command; the executable's only entry point.
    ///
    /// Dispatches by hand: from top-level code Swift picks `ParsableCommand`'s synchronous
    /// `main()`, which refuses async subcommands.
    public static func start(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
