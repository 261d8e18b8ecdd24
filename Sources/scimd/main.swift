import ScimdServer
await ScimdCommand.main()
