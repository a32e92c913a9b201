import fs from 'node:fs';
import path from 'node:path';
import { passwordProblem } from '../../shared/admin/passwordPolicy';

const LIST_FILE = path.join(import.meta.dirname, 'data', 'common-passwords.txt');

let commonPasswords: Set<string> | null = null;

/** The common-password list shipped with Vigil (server/auth/data), read once. */
function loadCommonPasswords(): Set<string> {
  commonPasswords ??= new Set(
    fs
      .readFileSync(LIST_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line.length > 0 && !line.startsWith('#')),
  );
  return commonPasswords;
}

export function isCommonPassword(lowercased: string): boolean {
  return loadCommonPasswords().has(lowercased);
}

/** Why a new password is refused (the stated policy, with the common-password list), or null. */
export function checkNewPassword(password: string, person: { username: string; displayName?: string }): string | null {
  return passwordProblem(password, person, isCommonPassword);
}
