print("scimctl")
