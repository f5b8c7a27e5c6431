# x86-64 development board: the host compiler, X11/Wayland or the dummy video driver.
BOARD_CFLAGS = -DACCUEIL_BOARD_PC=1
