// In-memory state. These declarations keep their values across edits of this file
// (as long as their own text does not change), so todos survive every save.
import { Todo } from './model.js';

export const todos = new Map();
let nextId = 1;

export function addTodo(title) {
  const todo = new Todo(nextId++, title);
  todos.set(todo.id, todo);
  return todo;
}

export function findTodo(id) {
  return todos.get(Number(id));
}

export function listTodos() {
  return [...todos.values()];
}
