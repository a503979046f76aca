"""Where things live and how the product is set: database locations and the settings file."""
