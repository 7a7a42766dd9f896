package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.NamedOwner;
import io.kboss.server.api.Role;
import io.kboss.server.auth.AccountRepository;
import io.kboss.server.auth.AccountRepository.AccountRow;
import io.kboss.server.auth.AccountRepository.DomainRow;
import io.kboss.server.auth.AccountService;
import io.kboss.server.auth.AdminBootstrap;
import io.kboss.server.auth.UserAccount;
import io.kboss.server.auth.UserDetails;
import io.kboss.server.auth.domain.PasswordHash;
import io.kboss.server.host.VmRepository;
import io.kboss.server.host.VmRepository.Visibility;
import io.kboss.server.host.VmRepository.Vm;
import io.kboss.server.host.VmRepository.VmFilter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rules for updating, disabling, enabling and deleting accounts, users and domains.
 *
 * <p><b>Who may.</b> Root admins act anywhere; domain admins on accounts, users and domains below
 * their own domain, never on root admin accounts; nobody disables or deletes their own user,
 * account or domain (that would lock them out mid-session). The {@code admin} account in ROOT
 * receives the VMs discovered on hosts, so it is never disabled, renamed or deleted.
 *
 * <p><b>What must go first.</b> An account that owns VMs is not deleted; neither is a domain with
 * accounts, subdomains or VMs, unless {@code cleanup=true} (see the package comment). Deleting is
 * checked when the command is called and again inside the transaction that deletes, so a VM given
 * to the account in between stops the deletion.
 */
@Component
public class AccountLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(AccountLifecycle.class);
    static final String ENABLED = "ENABLED";
    static final String DISABLED = "DISABLED";
    static final String LOCKED = "LOCKED";
    private static final int NAMES_SHOWN = 5;

    private final AccountRepository accounts;
    private final AccountService service;
    private final VmRepository vms;
    private final CredentialRevocation revocation;
    private final TransactionTemplate tx;
    private final SecureRandom random;

    public AccountLifecycle(AccountRepository accounts, AccountService service, VmRepository vms,
            CredentialRevocation revocation, TransactionTemplate tx, SecureRandom random) {
        this.accounts = accounts;
        this.service = service;
        this.vms = vms;
        this.revocation = revocation;
        this.tx = tx;
        this.random = random;
    }

    // ---- finding what a call names, within the caller's reach

    /** The account named by {@code id}, or by {@code account} and {@code domainid} together. */
    public AccountRow account(Caller caller, UUID id, String name, UUID domainId) throws ApiException {
        AccountRow a;
        if (id != null) {
            a = accounts.findAccountByUuid(id.toString()).orElseThrow(
                    () -> ApiException.invalidParameter("Unable to find account by id " + id
                            + "; listAccounts shows the accounts"));
        } else if (name != null && domainId != null) {
            DomainRow d = accounts.findDomainByUuid(domainId.toString()).orElseThrow(
                    () -> ApiException.invalidParameter("Unable to find domain by domainid " + domainId
                            + "; listDomains shows the domains"));
            a = accounts.findAccountByName(d.id(), name).orElseThrow(
                    () -> ApiException.invalidParameter("No account " + name + " in domain " + d.name()
                            + "; listAccounts shows the accounts"));
        } else if (name != null) {
            throw NamedOwner.accountWithoutDomain();
        } else {
            throw ApiException.invalidParameter("Name the account with id, or with account and domainid together");
        }
        if (!caller.mayAccess(a.id(), a.domain().path()) || !caller.isAdmin()) {
            throw ApiException.permissionDenied("Account " + a.name() + " is outside your domain; you may only "
                    + "manage accounts in " + caller.domainPath() + " and below");
        }
        if (a.role() == Role.ROOT_ADMIN && !caller.isRootAdmin()) {
            throw ApiException.permissionDenied("Account " + a.name() + " is a root admin account; only a root "
                    + "admin may change it");
        }
        return a;
    }

    public UserAccount user(Caller caller, UUID id) throws ApiException {
        return service.userFor(caller, id.toString());
    }

    /** A domain strictly below the caller's own (ROOT and one's own domain are never changed here). */
    public DomainRow domain(Caller caller, UUID id) throws ApiException {
        DomainRow d = accounts.findDomainByUuid(id.toString()).orElseThrow(
                () -> ApiException.invalidParameter("Unable to find domain by id " + id
                        + "; listDomains shows the domains"));
        if ("/".equals(d.path())) {
            throw ApiException.invalidParameter("The ROOT domain cannot be renamed or deleted");
        }
        if (!d.path().startsWith(caller.domainPath()) || d.path().equals(caller.domainPath())) {
            throw ApiException.permissionDenied("Domain " + d.path() + " is not below your domain "
                    + caller.domainPath() + "; you may only change domains below it");
        }
        return d;
    }

    // ---- accounts

    public AccountRow renameAccount(AccountRow a, String newName) throws ApiException {
        protectAdminAccount(a, "renamed");
        try {
            accounts.renameAccount(a.id(), newName);
        } catch (DuplicateKeyException e) {
            throw ApiException.invalidParameter("Account " + newName + " already exists in domain "
                    + a.domain().name() + "; choose another name");
        }
        return accounts.findAccountById(a.id()).orElseThrow();
    }

    /** Checks a disable before its job is started. */
    public void checkDisable(Caller caller, AccountRow a) throws ApiException {
        protectAdminAccount(a, "disabled");
        if (a.id() == caller.accountId()) {
            throw ApiException.invalidParameter("You cannot disable your own account " + a.name()
                    + "; ask another admin");
        }
    }

    /** Disables (or locks) the account: its users' logins, sessions and keys stop working on every server. */
    public AccountRow disableAccount(AccountRow a, boolean lock) {
        tx.executeWithoutResult(s -> accounts.setAccountState(a.id(), lock ? LOCKED : DISABLED));
        revocation.revoked(accounts.liveUserIds(a.id()));
        LOG.info("Account {} ({}) {}", a.name(), a.uuid(), lock ? "locked" : "disabled");
        return accounts.findAccountById(a.id()).orElseThrow();
    }

    public AccountRow enableAccount(AccountRow a) {
        accounts.setAccountState(a.id(), ENABLED);
        LOG.info("Account {} ({}) enabled", a.name(), a.uuid());
        return accounts.findAccountById(a.id()).orElseThrow();
    }

    /** Checks a delete before its job is started: the refusals a caller should get at once. */
    public void checkDelete(Caller caller, AccountRow a) throws ApiException {
        protectAdminAccount(a, "deleted");
        if (a.id() == caller.accountId()) {
            throw ApiException.invalidParameter("You cannot delete your own account " + a.name()
                    + "; ask another admin");
        }
        refuseIfOwnsVms(a);
    }

    public void deleteAccount(AccountRow a) throws ApiException {
        List<Long> users = accounts.liveUserIds(a.id());
        inTransaction(() -> {
            refuseIfOwnsVms(a);
            accounts.removeAccount(a.id());
        });
        revocation.revoked(users);
        LOG.info("Account {} ({}) deleted with its {} user(s)", a.name(), a.uuid(), users.size());
    }

    private void refuseIfOwnsVms(AccountRow a) throws ApiException {
        VmFilter owned = new VmFilter(new Visibility(a.id(), null), null, null, null, null, null);
        long n = vms.countVms(owned);
        if (n > 0) {
            throw ApiException.inUse("Account " + a.name() + " still owns " + n + " VM(s) ("
                    + names(vms.listVms(owned, 0, NAMES_SHOWN), n) + "); give them to another account with "
                    + "assignVirtualMachine, then delete the account");
        }
    }

    private static void protectAdminAccount(AccountRow a, String verb) throws ApiException {
        if (AdminBootstrap.ADMIN.equals(a.name()) && "/".equals(a.domain().path()) && a.role() == Role.ROOT_ADMIN) {
            throw ApiException.invalidParameter("Account admin in ROOT cannot be " + verb
                    + ": it receives the VMs discovered on hosts");
        }
    }

    // ---- users

    public UserAccount updateUser(Caller caller, UserAccount u, String username, UserDetails details, String password,
            String currentPassword) throws ApiException {
        if (username != null && !username.equals(u.username()) && accounts.usernameTaken(username)) {
            throw AccountService.usernameTaken(username);
        }
        PasswordHash hash = null;
        if (password != null) {
            if (password.length() < 8) {
                throw ApiException.invalidParameter("Parameter password must have at least 8 characters");
            }
            if (u.userId() == caller.userId()) {
                char[] current = currentPassword == null ? null : currentPassword.toCharArray();
                if (current == null || u.password() == null || !u.password().matches(current)) {
                    throw ApiException.invalidParameter("To change your own password, give your current password as "
                            + "currentpassword; it was " + (current == null ? "missing" : "wrong"));
                }
            }
            hash = PasswordHash.create(password.toCharArray(), random);
        }
        try {
            accounts.updateUser(u.userId(), username, details, hash);
        } catch (DuplicateKeyException raced) {
            throw AccountService.usernameTaken(username);
        }
        return accounts.findUserById(u.userId()).orElseThrow();
    }

    public void checkDisableOrDelete(Caller caller, UserAccount u, String verb) throws ApiException {
        if (u.userId() == caller.userId()) {
            throw ApiException.invalidParameter("You cannot " + verb + " your own user " + u.username()
                    + "; ask another admin");
        }
        if (AdminBootstrap.ADMIN.equals(u.username()) && "/".equals(u.domainPath())
                && AdminBootstrap.ADMIN.equals(u.accountName())) {
            throw ApiException.invalidParameter("User admin of account admin in ROOT cannot be " + verb
                    + "d: it is the administrator every installation starts with");
        }
    }

    public UserAccount disableUser(UserAccount u) {
        accounts.setUserState(u.userId(), DISABLED);
        revocation.revoked(List.of(u.userId()));
        LOG.info("User {} ({}) disabled", u.username(), u.userUuid());
        return accounts.findUserById(u.userId()).orElseThrow();
    }

    public UserAccount enableUser(UserAccount u) {
        accounts.setUserState(u.userId(), ENABLED);
        LOG.info("User {} ({}) enabled", u.username(), u.userUuid());
        return accounts.findUserById(u.userId()).orElseThrow();
    }

    public void deleteUser(UserAccount u) {
        accounts.removeUser(u.userId());
        revocation.revoked(List.of(u.userId()));
        LOG.info("User {} ({}) deleted", u.username(), u.userUuid());
    }

    // ---- domains

    public DomainRow renameDomain(DomainRow d, String newName) throws ApiException {
        DomainRow parent = accounts.findParent(d).orElseThrow();
        String newPath = parent.path() + newName + "/";
        if (!newPath.equals(d.path()) && accounts.findDomainByPath(newPath).isPresent()) {
            throw domainExists(newPath);
        }
        try {
            tx.executeWithoutResult(s -> accounts.renameDomain(d, newName, newPath));
        } catch (DuplicateKeyException raced) {
            throw domainExists(newPath);
        }
        return accounts.findDomainById(d.id()).orElseThrow();
    }

    private static ApiException domainExists(String path) {
        return ApiException.invalidParameter("Domain " + path + " already exists; choose another name");
    }

    /** Checks a domain delete before its job is started. */
    public void checkDelete(DomainRow d, boolean cleanup) throws ApiException {
        DomainContents c = contents(d);
        if (!cleanup && !c.isEmpty()) {
            throw ApiException.inUse("Domain " + d.path() + " still has " + c.describe() + "; delete them first, or "
                    + "call deleteDomain with cleanup=true to delete its accounts and subdomains and give its VMs back "
                    + "to the admin account");
        }
        if (cleanup) {
            refuseIfVmsHaveOfferings(d);
        }
    }

    /**
     * Deletes the domain and everything below it; with cleanup its VMs go back to the admin account
     * and its accounts and users are deleted.
     */
    public void deleteDomain(DomainRow d, boolean cleanup) throws ApiException {
        List<Long> users = new ArrayList<>();
        inTransaction(() -> {
            checkDelete(d, cleanup);
            VmRepository.Owner admin = vms.adminAccount();
            VmFilter inDomain = new VmFilter(new Visibility(null, d.path()), null, null, null, null, null);
            for (Vm vm : vms.listVms(inDomain, 0, Integer.MAX_VALUE)) {
                if (!vms.assign(vm.id(), admin.accountId(), admin.domainId())) {
                    throw ApiException.inUse("VM " + vm.name() + " of account " + vm.accountName() + " is busy with a "
                            + "backup, restore or delete; run deleteDomain again when it is done");
                }
                LOG.info("VM {} ({}) given back to the admin account as domain {} is deleted", vm.name(), vm.uuid(),
                        d.path());
            }
            for (AccountRow a : accounts.accountsInSubtree(d)) {
                users.addAll(accounts.liveUserIds(a.id()));
                accounts.removeAccount(a.id());
            }
            accounts.removeDomainSubtree(d);
        });
        revocation.revoked(users);
        LOG.info("Domain {} ({}) deleted{}", d.path(), d.uuid(), cleanup ? " with cleanup" : "");
    }

    private void refuseIfVmsHaveOfferings(DomainRow d) throws ApiException {
        VmFilter inDomain = new VmFilter(new Visibility(null, d.path()), null, null, null, null, null);
        List<String> assigned = vms.listVms(inDomain, 0, Integer.MAX_VALUE).stream()
                .filter(v -> v.backupOfferingId() != null)
                .map(v -> v.name() + " (account " + v.accountName() + ", offering " + v.backupOfferingName() + ")")
                .collect(Collectors.toList());
        if (!assigned.isEmpty()) {
            throw ApiException.inUse("Domain " + d.path() + " has " + assigned.size() + " VM(s) assigned to a backup "
                    + "offering, whose backups belong to their accounts: " + shown(assigned, assigned.size())
                    + ". Remove them from their offerings (removeVirtualMachineFromBackupOffering) first");
        }
    }

    private DomainContents contents(DomainRow d) {
        List<AccountRow> inside = accounts.accountsInSubtree(d);
        VmFilter inDomain = new VmFilter(new Visibility(null, d.path()), null, null, null, null, null);
        long vmCount = vms.countVms(inDomain);
        return new DomainContents(inside.stream().map(AccountRow::name).collect(Collectors.toList()),
                accounts.countSubdomains(d), vmCount, vmCount == 0
                        ? ""
                        : names(vms.listVms(inDomain, 0, NAMES_SHOWN),
                                vmCount));
    }

    private record DomainContents(List<String> accounts, long subdomains, long vms, String vmNames) {
        boolean isEmpty() {
            return accounts.isEmpty() && subdomains == 0 && vms == 0;
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (!accounts.isEmpty()) {
                parts.add(accounts.size() + " account(s) (" + shown(accounts, accounts.size()) + ")");
            }
            if (subdomains > 0) {
                parts.add(subdomains + " subdomain(s)");
            }
            if (vms > 0) {
                parts.add(vms + " VM(s) (" + vmNames + ")");
            }
            return String.join(", ", parts);
        }
    }

    // ---- helpers

    private static String names(List<Vm> some, long total) {
        return shown(some.stream().map(Vm::name).collect(Collectors.toList()), total);
    }

    private static String shown(List<String> names, long total) {
        List<String> first = names.size() > NAMES_SHOWN ? names.subList(0, NAMES_SHOWN) : names;
        String s = String.join(", ", first);
        return total > first.size() ? s + " and " + (total - first.size()) + " more" : s;
    }

    @FunctionalInterface
    private interface Work {
        void run() throws ApiException;
    }

    /** Runs the work in one transaction; an ApiException rolls it back and reaches the caller as it is. */
    private void inTransaction(Work work) throws ApiException {
        try {
            tx.executeWithoutResult(s -> {
                try {
                    work.run();
                } catch (ApiException e) {
                    throw new Refused(e);
                }
            });
        } catch (Refused r) {
            throw r.refusal;
        }
    }

    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ApiException refusal;

        Refused(ApiException refusal) {
            super(refusal.getMessage(), refusal, false, false);
            this.refusal = refusal;
        }
    }
}
