export { createUserService, buildUserRow, toUser, type User, type NewUser, type UserChanges, type UserService } from './users.service.ts';
export { insertUser, findUser, findUserByUsername, activeUserIdByEmail, selectRoles, deleteSessionsOf, type UserRow } from './users.repo.ts';
export { hashPassword, verifyPassword, burnPasswordCheck, requireStrongPassword, generatePassword, MIN_PASSWORD_LENGTH } from './password.ts';
