import ScimdServer

await ScimdCommand.start()
