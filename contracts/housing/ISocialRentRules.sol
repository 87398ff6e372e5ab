// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IRegistryAdminRules} from "../common/IRegistryAdminRules.sol";

/**
 * @dev Social-housing rental rules (kaderbesluit sociale huur; since 2021 book 6 of the Besluit
 * Vlaamse Codex Wonen) for the dwellings of a woonmaatschappij.
 *
 * Roles, each held by other accounts than the conflicting ones (see {SocialRentRulesConflictingRoles}):
 * - the default admin (two-step hand-over after a delay, {IRegistryAdminRules}) grants and
 *   revokes roles and hands a landlord's dwellings and leases to its successor;
 * - a RULE_ADMIN publishes one parameter set per rule year; a published set never changes, a
 *   correction is a new version of that year with a reason hash;
 * - a REGISTRAR registers dwellings to a landlord;
 * - a LANDLORD (woonmaatschappij) opens, revises and ends the leases of its own dwellings.
 * A landlord holds no other role: it may not write the rules its rents follow, register
 * dwellings to itself, or administer the register.
 *
 * Rule years lie from {MIN_RULE_YEAR} to the year after the current block's year. `eligibility`
 * and `rent` are views (eth_call): the household figures they receive are never stored or
 * emitted, but the node that answers the call sees them; a client that must not show a
 * household to the node reads the published parameters ({latestRuleSet}, {ruleSet}: the rule
 * year and version are all the request holds) and computes locally with the same integer
 * rules. Every result names the rule year and version it used.
 *
 * All money is in euro cents. The rent is
 * `min(BH, max(MHP + EC, round(I_eff / d) - PK - GK + EC))` with `I_eff = max(I, leefloon)`,
 * rounded half-up to the cent; the divisor `d` comes from the band of `I` (before the floor)
 * against the registration limit `L`: `I <= L`, `L < I < 1.25 L`, `1.25 L <= I < 1.5 L`,
 * `I >= 1.5 L` (edges in percent are parameters).
 *
 * A parameter that was not supplied is absent (its bit in `present` is clear), never zero: a
 * computation that needs it reverts with {SocialRentRulesMissingParameter} naming it with its
 * public name (`min_rent.low`, `leefloon_annual.family`, ...). Presence bits, in order:
 * 0 income_limit.single, 1 income_limit.single_disabled, 2 income_limit.other,
 * 3 income_limit.per_dependant, 4 divisors, 5 band_edges, 6 family_discount.full,
 * 7 family_discount.half, 8 family_discount.double, 9 min_rent.low, 10 min_rent.high,
 * 11 patrimony_discount_max, 12 leefloon_annual.single, 13 leefloon_annual.cohabiting,
 * 14 leefloon_annual.family.
 *
 * Dwellings are known by a `dwellingRef`: a keyed reference such as
 * `HMAC-SHA256(registrar key, "gebouweenheid:" || building-unit id)` that reveals no address
 * (never a plain hash of a public id, which anyone could recompute). A REGISTRAR registers each
 * dwelling to the landlord that owns it; only that landlord (or, after a merger, its successor)
 * opens and keeps leases of it. A dwelling's landlord is resolved through successions: when the
 * admin hands landlord A over to B, every dwelling and lease of A follows B in one write.
 *
 * The lease register holds, per decision, an opaque commitment (see the README for its layout:
 * a tagged hash of the salted decision and an evidence word, zero until the dwelling passport
 * names the EPC attestation used), its kind, the rule year and version, and the effective date.
 * Dates are `YYYYMMDD` integers. A decision's date lies in its rule year (from 1 January up to
 * and including 1 January of the next year); a yearly revision is for a later rule year than
 * the lease's latest decision.
 */
interface ISocialRentRules is IRegistryAdminRules {
    /// @dev Parameters of one rule year (money in cents; absent fields are zero and unflagged).
    struct RuleParameters {
        uint16 present;
        uint64 incomeLimitSingle;
        uint64 incomeLimitSingleDisabled;
        uint64 incomeLimitOther;
        uint64 incomeLimitPerDependant;
        uint16[4] divisors;
        uint16[3] bandEdges;
        uint64 familyDiscountFull;
        uint64 familyDiscountHalf;
        uint64 familyDiscountDouble;
        uint64 minRentLow;
        uint64 minRentHigh;
        uint64 patrimonyDiscountMax;
        uint64 leefloonSingle;
        uint64 leefloonCohabiting;
        uint64 leefloonFamily;
    }

    /**
     * @dev One published version of a rule year: its parameters, `keccak256(abi.encode(params))`
     * as computed when it was published, the reason hash of a correction and the block time.
     * Only returned (memory), never stored, so its fields follow the reading order.
     */
    // solhint-disable-next-line gas-struct-packing
    struct PublishedRules {
        uint16 year;
        uint32 version;
        RuleParameters params;
        bytes32 parametersHash;
        bytes32 reasonHash;
        uint64 publishedAt;
    }

    /**
     * @dev A household as the rules see it. `category`: 0 single, 1 single with disability,
     * 2 other. `income`: indexed annual taxable income (cents). `leefloonCategory`: 0 derive,
     * 1 single, 2 cohabiting, 3 family. Signed amounts so that a negative one is refused clearly.
     * Only in calldata and memory (never stored), so its field order follows the public schema.
     */
    // solhint-disable-next-line gas-struct-packing
    struct Household {
        uint8 category;
        int256 income;
        uint16 dependants;
        uint16 dependantsHalf;
        uint16 dependantsDouble;
        uint8 leefloonCategory;
    }

    /// @dev A dwelling's monthly amounts (cents) and whether the high minimum rent applies.
    struct Dwelling {
        int256 baseRent;
        int256 patrimonyDiscount;
        int256 energyCorrection;
        bool minRentHigh;
    }

    /// @dev Result of {eligibility}: `income <= limit`.
    // solhint-disable-next-line gas-struct-packing
    struct Eligibility {
        uint16 year;
        uint32 version;
        uint256 limit;
        uint256 income;
        bool eligible;
    }

    /// @dev Result of {rent}: every step of the monthly rent, in cents.
    struct RentBreakdown {
        uint16 year;
        uint32 version;
        uint16 divisor;
        uint256 incomeUsed;
        uint256 incomeShare;
        uint256 familyDiscount;
        uint256 patrimonyDiscount;
        uint256 energyCorrection;
        int256 incomeBased;
        uint256 minimum;
        uint256 cap;
        uint256 rent;
    }

    /// @dev What a lease record is: the opening decision, a yearly or a mid-term revision.
    enum RecordKind {
        Opening,
        Yearly,
        MidTerm
    }

    /// @dev One decision of a lease: only its commitment and the rules and date it used.
    struct LeaseRecord {
        bytes32 commitment;
        RecordKind kind;
        uint16 ruleYear;
        uint32 ruleVersion;
        uint32 effectiveDate;
    }

    /**
     * @dev A lease: its dwelling, the landlord that keeps the dwelling now (the one that opened
     * the lease, or its successor), the one that opened it, its number of records and its end.
     */
    struct LeaseInfo {
        bytes32 dwellingRef;
        address landlord;
        address openedBy;
        uint32 records;
        bool active;
        uint32 endDate;
    }

    /// @dev Rule year `year` got version `version`; `reasonHash` explains a correction.
    event RulesPublished(
        uint16 indexed year,
        uint32 indexed version,
        bytes32 parametersHash,
        bytes32 reasonHash,
        address indexed publisher
    );

    /// @dev `registrar` registered dwelling `dwellingRef` to `landlord`.
    event DwellingRegistered(bytes32 indexed dwellingRef, address indexed landlord, address indexed registrar);

    /// @dev The admin moved dwelling `dwellingRef` (and its active lease, if any) from `from` to `to`.
    event DwellingTransferred(bytes32 indexed dwellingRef, address indexed from, address indexed to);

    /**
     * @dev The admin handed landlord `predecessor` over to `successor`: every dwelling and lease
     * of `predecessor` (and of the landlords it succeeded) is kept by `successor` from now on.
     */
    event LandlordSucceeded(address indexed predecessor, address indexed successor, address indexed admin);

    /// @dev Lease `leaseId` of `dwellingRef` was opened by `landlord` with its first decision.
    event LeaseOpened(
        uint256 indexed leaseId,
        bytes32 indexed dwellingRef,
        address indexed landlord,
        bytes32 commitment,
        uint16 ruleYear,
        uint32 ruleVersion,
        uint32 effectiveDate
    );

    /// @dev Lease `leaseId` got decision number `index` (0 is the opening one).
    event LeaseRevised(
        uint256 indexed leaseId,
        uint32 indexed index,
        RecordKind kind,
        bytes32 commitment,
        uint16 ruleYear,
        uint32 ruleVersion,
        uint32 effectiveDate
    );

    /// @dev `landlord` ended lease `leaseId` on `endDate`; its dwelling can be leased again.
    event LeaseEnded(uint256 indexed leaseId, uint32 endDate, address indexed landlord);

    /// @dev Rule year `year` has no version `version` (version 0: the year was never published).
    error SocialRentRulesUnknownRules(uint16 year, uint32 version);

    /// @dev Rule year `year` is outside [`minYear`, `maxYear`] (the year after the block's year).
    error SocialRentRulesYearOutOfRange(uint16 year, uint16 minYear, uint16 maxYear);

    /// @dev The computation needs `parameter`, which version `version` of `year` lacks.
    error SocialRentRulesMissingParameter(uint16 year, uint32 version, string parameter);

    /// @dev A published parameter set has a bad value in `parameter`.
    error SocialRentRulesInvalidParameter(string parameter);

    /// @dev A correction (version > 1) of `year` was published without a reason hash.
    error SocialRentRulesCorrectionWithoutReason(uint16 year, uint32 version);

    /// @dev The amount in `field` is negative or larger than the supported maximum.
    error SocialRentRulesAmountOutOfRange(string field, int256 value);

    /// @dev The patrimony discount exceeds the maximum of the rule year.
    error SocialRentRulesPatrimonyDiscountTooHigh(uint256 patrimonyDiscount, uint256 maximum);

    /// @dev The code in `field` is not one of the defined categories.
    error SocialRentRulesInvalidCategory(string field, uint8 value);

    /// @dev `account` may not get `role` while it holds `heldRole` (separation of duties).
    error SocialRentRulesConflictingRoles(address account, bytes32 role, bytes32 heldRole);

    /// @dev `account` does not hold LANDLORD_ROLE (to receive dwellings or succeed a landlord).
    error SocialRentRulesNotLandlord(address account);

    /// @dev `landlord` was handed over to `successor` and keeps nothing any more.
    error SocialRentRulesLandlordSucceeded(address landlord, address successor);

    /// @dev A landlord cannot be handed over to itself, nor a dwelling moved to its own landlord.
    error SocialRentRulesSameLandlord(address landlord);

    /// @dev No dwelling `dwellingRef` is registered.
    error SocialRentRulesUnknownDwelling(bytes32 dwellingRef);

    /// @dev Dwelling `dwellingRef` is already registered (to `landlord`, as resolved now).
    error SocialRentRulesDwellingRegistered(bytes32 dwellingRef, address landlord);

    /// @dev `account` is not the landlord of dwelling `dwellingRef`.
    error SocialRentRulesNotDwellingLandlord(bytes32 dwellingRef, address account);

    /// @dev The dwelling already has the active lease `leaseId`.
    error SocialRentRulesDwellingLeased(bytes32 dwellingRef, uint256 leaseId);

    /// @dev No lease has number `leaseId`.
    error SocialRentRulesUnknownLease(uint256 leaseId);

    /// @dev Lease `leaseId` has ended and takes no more records.
    error SocialRentRulesLeaseEnded(uint256 leaseId);

    /// @dev `account` is not the landlord that keeps lease `leaseId`.
    error SocialRentRulesNotLeaseLandlord(uint256 leaseId, address account);

    /// @dev A commitment, dwelling reference or address was zero.
    error SocialRentRulesZeroValue(string field);

    /// @dev The commitment is already recorded (in lease `leaseId`).
    error SocialRentRulesCommitmentUsed(bytes32 commitment, uint256 leaseId);

    /// @dev `date` is not a valid YYYYMMDD calendar date.
    error SocialRentRulesInvalidDate(uint32 date);

    /// @dev `date` is earlier than the lease's latest effective date `latest`.
    error SocialRentRulesDateOutOfOrder(uint256 leaseId, uint32 date, uint32 latest);

    /// @dev Decision date `date` lies outside rule year `ruleYear` (1 January of the next year included).
    error SocialRentRulesDateOutsideRuleYear(uint32 date, uint16 ruleYear);

    /// @dev A yearly revision for `ruleYear` is not later than the lease's latest rule year `latestYear`.
    error SocialRentRulesRevisionOutOfOrder(uint256 leaseId, uint16 ruleYear, uint16 latestYear);

    /**
     * @dev Publishes the next version of rule year `year`. RULE_ADMIN only. The year lies from
     * {MIN_RULE_YEAR} to the year after the block's year. Version 1 may have a zero
     * `reasonHash`; a correction may not.
     * @return version The new version number (1 for the first publication of the year).
     */
    function publishRules(uint16 year, RuleParameters calldata params, bytes32 reasonHash)
        external
        returns (uint32 version);

    /// @dev The latest version of rule year `year` (0: never published).
    function latestVersion(uint16 year) external view returns (uint32);

    /**
     * @dev The parameters, hash, reason hash and publication time of one version of a rule year;
     * reverts {SocialRentRulesUnknownRules} when it was not published. Public rule parameters
     * only: the private path reads these and computes locally.
     */
    function ruleSet(uint16 year, uint32 version) external view returns (PublishedRules memory);

    /// @dev {ruleSet} of the latest version of `year` (reverts {SocialRentRulesUnknownRules} with version 0).
    function latestRuleSet(uint16 year) external view returns (PublishedRules memory);

    /// @dev Registration income test under the latest version of `year` (nothing stored).
    function eligibility(uint16 year, Household calldata household)
        external
        view
        returns (Eligibility memory);

    /// @dev Registration income test under version `version` of `year` (nothing stored).
    function eligibilityAtVersion(uint16 year, uint32 version, Household calldata household)
        external
        view
        returns (Eligibility memory);

    /// @dev Monthly rent and its breakdown under the latest version of `year`.
    function rent(uint16 year, Household calldata household, Dwelling calldata dwelling)
        external
        view
        returns (RentBreakdown memory);

    /// @dev Monthly rent and its breakdown under version `version` of `year`.
    function rentAtVersion(
        uint16 year,
        uint32 version,
        Household calldata household,
        Dwelling calldata dwelling
    ) external view returns (RentBreakdown memory);

    /**
     * @dev Registers each of `dwellingRefs` to `landlord`, which must hold LANDLORD_ROLE.
     * REGISTRAR only. A dwelling is registered once; it changes landlord only through the
     * admin ({transferDwellings}, {succeedLandlord}).
     */
    function registerDwellings(address landlord, bytes32[] calldata dwellingRefs) external;

    /**
     * @dev Moves each of `dwellingRefs`, with its active lease, to landlord `to` (a split of a
     * landlord's patrimony). Admin only; `to` must hold LANDLORD_ROLE.
     */
    function transferDwellings(address to, bytes32[] calldata dwellingRefs) external;

    /**
     * @dev Hands landlord `predecessor` over to `successor` (a merger): every dwelling and lease
     * of `predecessor` is kept by `successor` from now on, in one write whatever their number.
     * Admin only. `successor` must hold LANDLORD_ROLE; `predecessor` loses it (if it still
     * held it) and can never hold it again.
     */
    function succeedLandlord(address predecessor, address successor) external;

    /// @dev The landlord that keeps dwelling `dwellingRef` now (zero: not registered).
    function dwellingLandlord(bytes32 dwellingRef) external view returns (address);

    /// @dev The landlord that keeps what `landlord` kept: itself, or its last successor.
    function currentLandlord(address landlord) external view returns (address);

    /// @dev The direct successor of `landlord` (zero: never handed over).
    function successorOf(address landlord) external view returns (address);

    /**
     * @dev Opens a lease of `dwellingRef` with the commitment of its first decision.
     * LANDLORD of the dwelling only. The dwelling must have no active lease; the rules must be
     * published; `startDate` lies in `ruleYear`.
     * @return leaseId The new lease number (from 1).
     */
    function openLease(
        bytes32 dwellingRef,
        bytes32 commitment,
        uint16 ruleYear,
        uint32 ruleVersion,
        uint32 startDate
    ) external returns (uint256 leaseId);

    /**
     * @dev Records the yearly revision of 1 January `ruleYear` under version `ruleVersion`.
     * LANDLORD keeping the lease only; `ruleYear` is later than the lease's latest rule year.
     */
    function reviseYearly(uint256 leaseId, bytes32 commitment, uint16 ruleYear, uint32 ruleVersion)
        external;

    /**
     * @dev Records a mid-term revision (income drop or family change) effective `effectiveDate`.
     * LANDLORD keeping the lease only; same rule year as the current decision, any published
     * version of it; the date lies in that rule year; the kind of change stays inside the
     * commitment.
     */
    function reviseMidTerm(
        uint256 leaseId,
        bytes32 commitment,
        uint32 ruleVersion,
        uint32 effectiveDate
    ) external;

    /// @dev Ends lease `leaseId` on `endDate`. LANDLORD keeping the lease only.
    function endLease(uint256 leaseId, uint32 endDate) external;

    /// @dev The lease `leaseId` (reverts {SocialRentRulesUnknownLease}).
    function lease(uint256 leaseId) external view returns (LeaseInfo memory);

    /// @dev All decisions of lease `leaseId`, oldest first.
    function leaseRecords(uint256 leaseId) external view returns (LeaseRecord[] memory);

    /// @dev The active lease of `dwellingRef` (0: none).
    function activeLease(bytes32 dwellingRef) external view returns (uint256);

    /// @dev Where `commitment` is recorded: lease and index (lease 0: nowhere).
    function findCommitment(bytes32 commitment)
        external
        view
        returns (uint256 leaseId, uint32 index);

    /// @dev Number of leases opened so far.
    function leaseCount() external view returns (uint256);

    /// @dev The earliest rule year that can be published (2008: the kaderbesluit's rent rules).
    function MIN_RULE_YEAR() external view returns (uint16); // solhint-disable-line func-name-mixedcase

    /// @dev The latest rule year that can be published now: the year after the block's year.
    function maxRuleYear() external view returns (uint16);
}
