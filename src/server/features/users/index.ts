// What other features and the FHIR adapter use of user accounts (see the feature's routes for its API).
export { createInvite } from './invites';
export {
  consumeTotpStep,
  deleteRecoveryCodes,
  expiringLicencesQuery,
  findInviteByTokenHash,
  findPortalAccount,
  findUserByEmail,
  findUserById,
  insertUser,
  licencesInForceOf,
  listActiveAdmins,
  markInviteUsed,
  markRecoveryCodeUsed,
  replaceRecoveryCodes,
  rolesOf,
  staffWhere,
  type UserRow,
  updateUser,
  userNames,
} from './repository';
