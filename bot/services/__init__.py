"""The rules of the grid. Plain Python in, plain Python out: nothing here knows aiogram."""
