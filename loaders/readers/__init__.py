"""One reader per format; each turns bytes into `Text`."""
