export { createAuthService, DEFAULT_AUTH_POLICY, type AuthPolicy, type AuthService, type AuthenticatedSession, type SessionGrant, type SignInInput } from './auth.service.ts';
