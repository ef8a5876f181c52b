print("masque")
