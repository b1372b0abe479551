"""The aiogram adapter: middlewares, FSM storage, callback data, keyboards, views and jobs."""
