await Scimctl.start()
