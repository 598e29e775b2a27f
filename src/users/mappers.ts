import { ALL_CLAIMS } from '../platform/auth/claims';
import { ClaimDto } from './dto/claim.dto';
import { RoleDto } from './dto/role.dto';
import { UserDto } from './dto/user.dto';
import { ClaimRecord, effectiveClaims, RoleRecord, UserRecord } from './records';

export function toUserDto(user: UserRecord): UserDto {
  return {
    id: Number(user.id),
    name: user.name,
    email: user.email,
    active: user.active,
    role: { id: user.role.id, description: user.role.description },
    claims: effectiveClaims(user),
    directClaims: user.directClaims.map((claim) => ({ id: Number(claim.id), description: claim.description, active: claim.active })),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function toRoleDto(role: RoleRecord): RoleDto {
  return { id: role.id, description: role.description, claims: role.claims.map((claim) => claim.description), userCount: role.userCount };
}

export function toClaimDto(claim: ClaimRecord): ClaimDto {
  return { id: Number(claim.id), description: claim.description, active: claim.active, builtIn: (ALL_CLAIMS as readonly string[]).includes(claim.description) };
}
