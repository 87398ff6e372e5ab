// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {RegistryAdminRules} from "../common/RegistryAdminRules.sol";
import {ISocialRentRules} from "./ISocialRentRules.sol";

/**
 * @dev Versioned social-rent rule sets, rent and eligibility as views, dwellings registered to
 * their landlord, and a lease register that holds only commitments. See {ISocialRentRules}.
 *
 * A dwelling stores the landlord it was registered (or last transferred) to; who keeps it now
 * is that landlord resolved through {succeedLandlord}'s forwarding (`_successor`), so a merger
 * is one write however many dwellings and leases the landlord has. A lease is kept by whoever
 * keeps its dwelling.
 */
contract SocialRentRules is ISocialRentRules, RegistryAdminRules {
    struct Version {
        RuleParameters params;
        bytes32 parametersHash;
        bytes32 reasonHash;
        uint64 publishedAt;
    }

    struct DwellingEntry {
        address landlord;
        uint64 activeLease;
    }

    struct Lease {
        bytes32 dwellingRef;
        address openedBy;
        uint32 endDate;
        bool ended;
    }

    struct CommitmentRef {
        uint64 leaseId;
        uint32 index;
    }

    bytes32 public constant RULE_ADMIN_ROLE = keccak256("RULE_ADMIN_ROLE");
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    bytes32 public constant LANDLORD_ROLE = keccak256("LANDLORD_ROLE");

    /// @dev Largest money amount in cents (same bound as the Python reference).
    uint256 public constant MAX_AMOUNT = 1e18;

    /// @inheritdoc ISocialRentRules
    uint16 public constant MIN_RULE_YEAR = 2008;

    uint16 private constant _P_LIMIT_SINGLE = 1 << 0;
    uint16 private constant _P_LIMIT_SINGLE_DISABLED = 1 << 1;
    uint16 private constant _P_LIMIT_OTHER = 1 << 2;
    uint16 private constant _P_LIMIT_PER_DEPENDANT = 1 << 3;
    uint16 private constant _P_DIVISORS = 1 << 4;
    uint16 private constant _P_BAND_EDGES = 1 << 5;
    uint16 private constant _P_GK_FULL = 1 << 6;
    uint16 private constant _P_GK_HALF = 1 << 7;
    uint16 private constant _P_GK_DOUBLE = 1 << 8;
    uint16 private constant _P_MHP_LOW = 1 << 9;
    uint16 private constant _P_MHP_HIGH = 1 << 10;
    uint16 private constant _P_PK_MAX = 1 << 11;
    uint16 private constant _P_LEEFLOON_SINGLE = 1 << 12;
    uint16 private constant _P_LEEFLOON_COHABITING = 1 << 13;
    uint16 private constant _P_LEEFLOON_FAMILY = 1 << 14;
    uint16 private constant _P_ALL = (1 << 15) - 1;

    mapping(uint16 year => uint32 latest) private _latest;
    mapping(uint16 year => mapping(uint32 version => Version)) private _versions;
    mapping(bytes32 dwellingRef => DwellingEntry) private _dwellings;
    mapping(address landlord => address successor) private _successor;
    mapping(uint256 leaseId => Lease) private _leases;
    mapping(uint256 leaseId => LeaseRecord[]) private _records;
    mapping(bytes32 commitment => CommitmentRef) private _commitments;
    uint256 private _leaseCount;

    /// @dev `admin` is the default admin; a new admin takes over `adminDelay` seconds after it is proposed.
    constructor(address admin, uint48 adminDelay) RegistryAdminRules(admin, adminDelay) {}

    // ------------------------------------------------------------------ rule sets

    /// @inheritdoc ISocialRentRules
    function publishRules(uint16 year, RuleParameters calldata params, bytes32 reasonHash)
        external
        onlyRole(RULE_ADMIN_ROLE)
        returns (uint32 version)
    {
        uint16 maxYear = maxRuleYear();
        if (year < MIN_RULE_YEAR || year > maxYear) {
            revert SocialRentRulesYearOutOfRange(year, MIN_RULE_YEAR, maxYear);
        }
        _validate(params);
        version = _latest[year] + 1;
        if (version > 1 && reasonHash == bytes32(0)) {
            revert SocialRentRulesCorrectionWithoutReason(year, version);
        }
        bytes32 parametersHash = keccak256(abi.encode(params));
        _latest[year] = version;
        Version storage stored = _versions[year][version];
        stored.params = params;
        stored.parametersHash = parametersHash;
        stored.reasonHash = reasonHash;
        stored.publishedAt = uint64(block.timestamp);
        emit RulesPublished(year, version, parametersHash, reasonHash, msg.sender);
    }

    /// @inheritdoc ISocialRentRules
    function latestVersion(uint16 year) external view returns (uint32) {
        return _latest[year];
    }

    /// @inheritdoc ISocialRentRules
    function ruleSet(uint16 year, uint32 version) external view returns (PublishedRules memory) {
        return _published(year, version);
    }

    /// @inheritdoc ISocialRentRules
    function latestRuleSet(uint16 year) external view returns (PublishedRules memory) {
        return _published(year, _latestOf(year));
    }

    /// @inheritdoc ISocialRentRules
    function maxRuleYear() public view returns (uint16) {
        return uint16(_yearOf(block.timestamp) + 1);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ISocialRentRules
    function eligibility(uint16 year, Household calldata household)
        external
        view
        returns (Eligibility memory)
    {
        return _eligibility(year, _latestOf(year), household);
    }

    /// @inheritdoc ISocialRentRules
    function eligibilityAtVersion(uint16 year, uint32 version, Household calldata household)
        external
        view
        returns (Eligibility memory)
    {
        return _eligibility(year, version, household);
    }

    /// @inheritdoc ISocialRentRules
    function rent(uint16 year, Household calldata household, Dwelling calldata dwelling)
        external
        view
        returns (RentBreakdown memory)
    {
        return _rent(year, _latestOf(year), household, dwelling);
    }

    /// @inheritdoc ISocialRentRules
    function rentAtVersion(
        uint16 year,
        uint32 version,
        Household calldata household,
        Dwelling calldata dwelling
    ) external view returns (RentBreakdown memory) {
        return _rent(year, version, household, dwelling);
    }

    // ------------------------------------------------------------------ dwellings and landlords

    /// @inheritdoc ISocialRentRules
    function registerDwellings(address landlord, bytes32[] calldata dwellingRefs)
        external
        onlyRole(REGISTRAR_ROLE)
    {
        _requireLandlord(landlord);
        for (uint256 i = 0; i < dwellingRefs.length; ++i) {
            bytes32 ref = dwellingRefs[i];
            if (ref == bytes32(0)) revert SocialRentRulesZeroValue("dwellingRef");
            DwellingEntry storage entry = _dwellings[ref];
            address registered = entry.landlord;
            if (registered != address(0)) {
                revert SocialRentRulesDwellingRegistered(ref, _resolve(registered));
            }
            entry.landlord = landlord;
            emit DwellingRegistered(ref, landlord, msg.sender);
        }
    }

    /// @inheritdoc ISocialRentRules
    function transferDwellings(address to, bytes32[] calldata dwellingRefs)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _requireLandlord(to);
        for (uint256 i = 0; i < dwellingRefs.length; ++i) {
            bytes32 ref = dwellingRefs[i];
            DwellingEntry storage entry = _dwellings[ref];
            address registered = entry.landlord;
            if (registered == address(0)) revert SocialRentRulesUnknownDwelling(ref);
            address from = _resolve(registered);
            if (from == to) revert SocialRentRulesSameLandlord(to);
            entry.landlord = to;
            emit DwellingTransferred(ref, from, to);
        }
    }

    /// @inheritdoc ISocialRentRules
    function succeedLandlord(address predecessor, address successor)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (predecessor == address(0)) revert SocialRentRulesZeroValue("predecessor");
        if (predecessor == successor) revert SocialRentRulesSameLandlord(predecessor);
        address already = _successor[predecessor];
        if (already != address(0)) revert SocialRentRulesLandlordSucceeded(predecessor, already);
        // A holder of LANDLORD_ROLE was never handed over, so the forwarding stays acyclic.
        _requireLandlord(successor);
        _successor[predecessor] = successor;
        _revokeRole(LANDLORD_ROLE, predecessor);
        emit LandlordSucceeded(predecessor, successor, msg.sender);
    }

    /// @inheritdoc ISocialRentRules
    function dwellingLandlord(bytes32 dwellingRef) external view returns (address) {
        address registered = _dwellings[dwellingRef].landlord;
        return registered == address(0) ? address(0) : _resolve(registered);
    }

    /// @inheritdoc ISocialRentRules
    function currentLandlord(address landlord) external view returns (address) {
        return _resolve(landlord);
    }

    /// @inheritdoc ISocialRentRules
    function successorOf(address landlord) external view returns (address) {
        return _successor[landlord];
    }

    // ------------------------------------------------------------------ lease register

    /// @inheritdoc ISocialRentRules
    function openLease(
        bytes32 dwellingRef,
        bytes32 commitment,
        uint16 ruleYear,
        uint32 ruleVersion,
        uint32 startDate
    ) external onlyRole(LANDLORD_ROLE) returns (uint256 leaseId) {
        if (dwellingRef == bytes32(0)) revert SocialRentRulesZeroValue("dwellingRef");
        DwellingEntry storage dwelling = _dwellings[dwellingRef];
        address registered = dwelling.landlord;
        if (registered == address(0)) revert SocialRentRulesUnknownDwelling(dwellingRef);
        if (_resolve(registered) != msg.sender) {
            revert SocialRentRulesNotDwellingLandlord(dwellingRef, msg.sender);
        }
        uint256 current = dwelling.activeLease;
        if (current != 0) revert SocialRentRulesDwellingLeased(dwellingRef, current);
        _version(ruleYear, ruleVersion);
        _checkDate(startDate);
        _checkInRuleYear(startDate, ruleYear);
        leaseId = ++_leaseCount;
        _leases[leaseId] = Lease({
            dwellingRef: dwellingRef, openedBy: msg.sender, endDate: 0, ended: false
        });
        dwelling.activeLease = uint64(leaseId);
        _record(leaseId, commitment, RecordKind.Opening, ruleYear, ruleVersion, startDate);
        emit LeaseOpened(
            leaseId, dwellingRef, msg.sender, commitment, ruleYear, ruleVersion, startDate
        );
    }

    /// @inheritdoc ISocialRentRules
    function reviseYearly(uint256 leaseId, bytes32 commitment, uint16 ruleYear, uint32 ruleVersion)
        external
        onlyRole(LANDLORD_ROLE)
    {
        _checkKeeper(leaseId);
        _version(ruleYear, ruleVersion);
        uint16 latestYear = _last(leaseId).ruleYear;
        if (ruleYear <= latestYear) {
            revert SocialRentRulesRevisionOutOfOrder(leaseId, ruleYear, latestYear);
        }
        // Every earlier date lies in an earlier rule year, at most on this 1 January: in order.
        uint32 date = uint32(ruleYear) * 10_000 + 101;
        _revise(leaseId, commitment, RecordKind.Yearly, ruleYear, ruleVersion, date);
    }

    /// @inheritdoc ISocialRentRules
    function reviseMidTerm(
        uint256 leaseId,
        bytes32 commitment,
        uint32 ruleVersion,
        uint32 effectiveDate
    ) external onlyRole(LANDLORD_ROLE) {
        _checkKeeper(leaseId);
        LeaseRecord storage last = _last(leaseId);
        uint16 year = last.ruleYear;
        _version(year, ruleVersion);
        _checkDate(effectiveDate);
        _checkInRuleYear(effectiveDate, year);
        _checkOrder(leaseId, last, effectiveDate);
        _revise(leaseId, commitment, RecordKind.MidTerm, year, ruleVersion, effectiveDate);
    }

    /// @inheritdoc ISocialRentRules
    function endLease(uint256 leaseId, uint32 endDate) external onlyRole(LANDLORD_ROLE) {
        Lease storage entry = _checkKeeper(leaseId);
        _checkDate(endDate);
        _checkOrder(leaseId, _last(leaseId), endDate);
        entry.ended = true;
        entry.endDate = endDate;
        _dwellings[entry.dwellingRef].activeLease = 0;
        emit LeaseEnded(leaseId, endDate, msg.sender);
    }

    /// @inheritdoc ISocialRentRules
    function lease(uint256 leaseId) external view returns (LeaseInfo memory) {
        Lease storage entry = _existing(leaseId);
        return LeaseInfo({
            dwellingRef: entry.dwellingRef,
            landlord: _resolve(_dwellings[entry.dwellingRef].landlord),
            openedBy: entry.openedBy,
            records: uint32(_records[leaseId].length),
            active: !entry.ended,
            endDate: entry.endDate
        });
    }

    /// @inheritdoc ISocialRentRules
    function leaseRecords(uint256 leaseId) external view returns (LeaseRecord[] memory) {
        _existing(leaseId);
        return _records[leaseId];
    }

    /// @inheritdoc ISocialRentRules
    function activeLease(bytes32 dwellingRef) external view returns (uint256) {
        return _dwellings[dwellingRef].activeLease;
    }

    /// @inheritdoc ISocialRentRules
    function findCommitment(bytes32 commitment)
        external
        view
        returns (uint256 leaseId, uint32 index)
    {
        CommitmentRef storage ref = _commitments[commitment];
        return (ref.leaseId, ref.index);
    }

    /// @inheritdoc ISocialRentRules
    function leaseCount() external view returns (uint256) {
        return _leaseCount;
    }

    // ------------------------------------------------------------------ internal: rules

    function _eligibility(uint16 year, uint32 version, Household calldata h)
        internal
        view
        returns (Eligibility memory e)
    {
        RuleParameters storage p = _version(year, version).params;
        uint256 income = _amount("household.income", h.income);
        _checkHousehold(h);
        e.year = year;
        e.version = version;
        e.limit = _limit(p, year, version, h);
        e.income = income;
        e.eligible = income <= e.limit;
    }

    function _rent(uint16 year, uint32 version, Household calldata h, Dwelling calldata w)
        internal
        view
        returns (RentBreakdown memory r)
    {
        RuleParameters storage p = _version(year, version).params;
        r.year = year;
        r.version = version;
        uint256 income = _amount("household.income", h.income);
        _checkHousehold(h);
        r.cap = _amount("dwelling.base_rent", w.baseRent);
        r.patrimonyDiscount = _amount("dwelling.patrimony_discount", w.patrimonyDiscount);
        r.energyCorrection = _amount("dwelling.energy_correction", w.energyCorrection);
        if (r.patrimonyDiscount > 0) {
            uint256 pkMax = _need(p, _P_PK_MAX, p.patrimonyDiscountMax, year, version);
            if (r.patrimonyDiscount > pkMax) {
                revert SocialRentRulesPatrimonyDiscountTooHigh(r.patrimonyDiscount, pkMax);
            }
        }
        r.divisor = _divisor(p, year, version, h, income);
        uint256 floor = _leefloon(p, year, version, h);
        r.incomeUsed = income > floor ? income : floor;
        r.familyDiscount = _familyDiscount(p, year, version, h);
        uint256 mhp = w.minRentHigh
            ? _need(p, _P_MHP_HIGH, p.minRentHigh, year, version)
            : _need(p, _P_MHP_LOW, p.minRentLow, year, version);
        // Half-up to the cent: floor((2 x + d) / (2 d)); x >= 0.
        r.incomeShare = (2 * r.incomeUsed + r.divisor) / (2 * uint256(r.divisor));
        r.incomeBased = int256(r.incomeShare) - int256(r.patrimonyDiscount)
            - int256(r.familyDiscount) + int256(r.energyCorrection);
        r.minimum = mhp + r.energyCorrection;
        uint256 lower = r.incomeBased > int256(r.minimum) ? uint256(r.incomeBased) : r.minimum;
        r.rent = lower < r.cap ? lower : r.cap;
    }

    function _divisor(
        RuleParameters storage p,
        uint16 year,
        uint32 version,
        Household calldata h,
        uint256 income
    ) internal view returns (uint16) {
        if ((p.present & _P_DIVISORS) == 0) _missing(year, version, _P_DIVISORS);
        uint16[4] memory d = p.divisors;
        if (d[0] == d[1] && d[1] == d[2] && d[2] == d[3]) return d[0];
        if ((p.present & _P_BAND_EDGES) == 0) _missing(year, version, _P_BAND_EDGES);
        uint16[3] memory edges = p.bandEdges;
        uint256 limit = _limit(p, year, version, h);
        uint256 scaled = income * 100;
        if (scaled <= limit * edges[0]) return d[0];
        if (scaled < limit * edges[1]) return d[1];
        if (scaled < limit * edges[2]) return d[2];
        return d[3];
    }

    function _limit(RuleParameters storage p, uint16 year, uint32 version, Household calldata h)
        internal
        view
        returns (uint256)
    {
        if (h.category == 0) {
            return _need(p, _P_LIMIT_SINGLE, p.incomeLimitSingle, year, version);
        }
        if (h.category == 1) {
            return _need(p, _P_LIMIT_SINGLE_DISABLED, p.incomeLimitSingleDisabled, year, version);
        }
        uint256 base = _need(p, _P_LIMIT_OTHER, p.incomeLimitOther, year, version);
        uint256 weight = uint256(h.dependants) + h.dependantsHalf + 2 * uint256(h.dependantsDouble);
        if (weight == 0) return base;
        return base
            + weight * _need(p, _P_LIMIT_PER_DEPENDANT, p.incomeLimitPerDependant, year, version);
    }

    function _leefloon(RuleParameters storage p, uint16 year, uint32 version, Household calldata h)
        internal
        view
        returns (uint256)
    {
        uint8 cat = h.leefloonCategory;
        if (cat == 0) {
            if (h.dependants != 0 || h.dependantsHalf != 0 || h.dependantsDouble != 0) {
                cat = 3;
            } else if (h.category < 2) {
                cat = 1;
            } else {
                cat = 2;
            }
        }
        if (cat == 1) return _need(p, _P_LEEFLOON_SINGLE, p.leefloonSingle, year, version);
        if (cat == 2) {
            return _need(p, _P_LEEFLOON_COHABITING, p.leefloonCohabiting, year, version);
        }
        return _need(p, _P_LEEFLOON_FAMILY, p.leefloonFamily, year, version);
    }

    function _familyDiscount(
        RuleParameters storage p,
        uint16 year,
        uint32 version,
        Household calldata h
    ) internal view returns (uint256 total) {
        if (h.dependants != 0) {
            total += h.dependants * _need(p, _P_GK_FULL, p.familyDiscountFull, year, version);
        }
        if (h.dependantsHalf != 0) {
            total += h.dependantsHalf * _need(p, _P_GK_HALF, p.familyDiscountHalf, year, version);
        }
        if (h.dependantsDouble != 0) {
            total += h.dependantsDouble
                * _need(p, _P_GK_DOUBLE, p.familyDiscountDouble, year, version);
        }
    }

    function _need(
        RuleParameters storage p,
        uint16 bit,
        uint64 value,
        uint16 year,
        uint32 version
    ) internal view returns (uint256) {
        if ((p.present & bit) == 0) _missing(year, version, bit);
        return value;
    }

    function _checkHousehold(Household calldata h) internal pure {
        if (h.category > 2) revert SocialRentRulesInvalidCategory("household.category", h.category);
        if (h.leefloonCategory > 3) {
            revert SocialRentRulesInvalidCategory("household.leefloon_category", h.leefloonCategory);
        }
    }

    function _amount(string memory field, int256 value) internal pure returns (uint256) {
        if (value < 0 || uint256(value) > MAX_AMOUNT) {
            revert SocialRentRulesAmountOutOfRange(field, value);
        }
        return uint256(value);
    }

    function _version(uint16 year, uint32 version) internal view returns (Version storage v) {
        v = _versions[year][version];
        if (v.publishedAt == 0) revert SocialRentRulesUnknownRules(year, version);
    }

    function _published(uint16 year, uint32 version) internal view returns (PublishedRules memory) {
        Version storage v = _version(year, version);
        return PublishedRules({
            year: year,
            version: version,
            params: v.params,
            parametersHash: v.parametersHash,
            reasonHash: v.reasonHash,
            publishedAt: v.publishedAt
        });
    }

    function _latestOf(uint16 year) internal view returns (uint32 version) {
        version = _latest[year];
        if (version == 0) revert SocialRentRulesUnknownRules(year, 0);
    }

    function _validate(RuleParameters calldata p) internal pure {
        if ((p.present & ~_P_ALL) != 0) revert SocialRentRulesInvalidParameter("present");
        _checkMoney(p.present, _P_LIMIT_SINGLE, p.incomeLimitSingle);
        _checkMoney(p.present, _P_LIMIT_SINGLE_DISABLED, p.incomeLimitSingleDisabled);
        _checkMoney(p.present, _P_LIMIT_OTHER, p.incomeLimitOther);
        _checkMoney(p.present, _P_LIMIT_PER_DEPENDANT, p.incomeLimitPerDependant);
        _checkMoney(p.present, _P_GK_FULL, p.familyDiscountFull);
        _checkMoney(p.present, _P_GK_HALF, p.familyDiscountHalf);
        _checkMoney(p.present, _P_GK_DOUBLE, p.familyDiscountDouble);
        _checkMoney(p.present, _P_MHP_LOW, p.minRentLow);
        _checkMoney(p.present, _P_MHP_HIGH, p.minRentHigh);
        _checkMoney(p.present, _P_PK_MAX, p.patrimonyDiscountMax);
        _checkMoney(p.present, _P_LEEFLOON_SINGLE, p.leefloonSingle);
        _checkMoney(p.present, _P_LEEFLOON_COHABITING, p.leefloonCohabiting);
        _checkMoney(p.present, _P_LEEFLOON_FAMILY, p.leefloonFamily);
        bool hasDivisors = (p.present & _P_DIVISORS) != 0;
        for (uint256 i = 0; i < 4; ++i) {
            uint16 d = p.divisors[i];
            if (hasDivisors ? (d == 0 || d > 10_000) : d != 0) {
                revert SocialRentRulesInvalidParameter("divisors");
            }
        }
        bool hasEdges = (p.present & _P_BAND_EDGES) != 0;
        uint16[3] calldata e = p.bandEdges;
        bool badEdges = hasEdges
            ? (e[0] == 0 || e[0] >= e[1] || e[1] >= e[2] || e[2] > 10_000)
            : (e[0] != 0 || e[1] != 0 || e[2] != 0);
        if (badEdges) revert SocialRentRulesInvalidParameter("band_edges");
    }

    function _checkMoney(uint16 present, uint16 bit, uint64 value) internal pure {
        bool bad = (present & bit) != 0 ? value > MAX_AMOUNT : value != 0;
        if (bad) revert SocialRentRulesInvalidParameter(_name(bit));
    }

    function _missing(uint16 year, uint32 version, uint16 bit) internal pure {
        revert SocialRentRulesMissingParameter(year, version, _name(bit));
    }

    function _name(uint16 bit) internal pure returns (string memory) {
        if (bit == _P_LIMIT_SINGLE) return "income_limit.single";
        if (bit == _P_LIMIT_SINGLE_DISABLED) return "income_limit.single_disabled";
        if (bit == _P_LIMIT_OTHER) return "income_limit.other";
        if (bit == _P_LIMIT_PER_DEPENDANT) return "income_limit.per_dependant";
        if (bit == _P_DIVISORS) return "divisors";
        if (bit == _P_BAND_EDGES) return "band_edges";
        if (bit == _P_GK_FULL) return "family_discount.full";
        if (bit == _P_GK_HALF) return "family_discount.half";
        if (bit == _P_GK_DOUBLE) return "family_discount.double";
        if (bit == _P_MHP_LOW) return "min_rent.low";
        if (bit == _P_MHP_HIGH) return "min_rent.high";
        if (bit == _P_PK_MAX) return "patrimony_discount_max";
        if (bit == _P_LEEFLOON_SINGLE) return "leefloon_annual.single";
        if (bit == _P_LEEFLOON_COHABITING) return "leefloon_annual.cohabiting";
        return "leefloon_annual.family";
    }

    // ------------------------------------------------------------------ internal: leases

    function _record(
        uint256 leaseId,
        bytes32 commitment,
        RecordKind kind,
        uint16 ruleYear,
        uint32 ruleVersion,
        uint32 date
    ) internal returns (uint32 index) {
        if (commitment == bytes32(0)) revert SocialRentRulesZeroValue("commitment");
        uint256 usedBy = _commitments[commitment].leaseId;
        if (usedBy != 0) revert SocialRentRulesCommitmentUsed(commitment, usedBy);
        LeaseRecord[] storage records = _records[leaseId];
        index = uint32(records.length);
        records.push(LeaseRecord({
            commitment: commitment,
            kind: kind,
            ruleYear: ruleYear,
            ruleVersion: ruleVersion,
            effectiveDate: date
        }));
        _commitments[commitment] = CommitmentRef({leaseId: uint64(leaseId), index: index});
    }

    function _revise(
        uint256 leaseId,
        bytes32 commitment,
        RecordKind kind,
        uint16 ruleYear,
        uint32 ruleVersion,
        uint32 date
    ) internal {
        uint32 index = _record(leaseId, commitment, kind, ruleYear, ruleVersion, date);
        emit LeaseRevised(leaseId, index, kind, commitment, ruleYear, ruleVersion, date);
    }

    function _existing(uint256 leaseId) internal view returns (Lease storage entry) {
        entry = _leases[leaseId];
        if (entry.openedBy == address(0)) revert SocialRentRulesUnknownLease(leaseId);
    }

    /// @dev The open lease `leaseId`, when the caller keeps its dwelling now.
    function _checkKeeper(uint256 leaseId) internal view returns (Lease storage entry) {
        entry = _existing(leaseId);
        if (entry.ended) revert SocialRentRulesLeaseEnded(leaseId);
        if (_resolve(_dwellings[entry.dwellingRef].landlord) != msg.sender) {
            revert SocialRentRulesNotLeaseLandlord(leaseId, msg.sender);
        }
    }

    function _last(uint256 leaseId) internal view returns (LeaseRecord storage) {
        LeaseRecord[] storage records = _records[leaseId];
        return records[records.length - 1];
    }

    function _checkOrder(uint256 leaseId, LeaseRecord storage last, uint32 date) internal view {
        uint32 latest = last.effectiveDate;
        if (date < latest) revert SocialRentRulesDateOutOfOrder(leaseId, date, latest);
    }

    // ------------------------------------------------------------------ internal: landlords and roles

    /// @dev Whoever keeps what `landlord` kept: follows the successions (acyclic, see {succeedLandlord}).
    function _resolve(address landlord) internal view returns (address current) {
        current = landlord;
        address next = _successor[current];
        while (next != address(0)) {
            current = next;
            next = _successor[current];
        }
    }

    function _requireLandlord(address account) internal view {
        if (!hasRole(LANDLORD_ROLE, account)) revert SocialRentRulesNotLandlord(account);
    }

    /**
     * @dev Separation of duties on every grant (including the admin hand-over): a landlord
     * holds no other role, and a landlord that was handed over never becomes one again.
     */
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (role == LANDLORD_ROLE) {
            address successor = _successor[account];
            if (successor != address(0)) revert SocialRentRulesLandlordSucceeded(account, successor);
            _refuseIfHeld(account, role, DEFAULT_ADMIN_ROLE);
            _refuseIfHeld(account, role, RULE_ADMIN_ROLE);
            _refuseIfHeld(account, role, REGISTRAR_ROLE);
            (address pendingAdmin, ) = pendingDefaultAdmin();
            if (account == pendingAdmin) {
                revert SocialRentRulesConflictingRoles(account, role, DEFAULT_ADMIN_ROLE);
            }
        } else if (role == RULE_ADMIN_ROLE || role == REGISTRAR_ROLE || role == DEFAULT_ADMIN_ROLE) {
            _refuseIfHeld(account, role, LANDLORD_ROLE);
        }
        return super._grantRole(role, account);
    }

    /// @dev A landlord cannot even be proposed as the next admin.
    function _beginDefaultAdminTransfer(address newAdmin) internal override {
        _refuseIfHeld(newAdmin, DEFAULT_ADMIN_ROLE, LANDLORD_ROLE);
        super._beginDefaultAdminTransfer(newAdmin);
    }

    function _refuseIfHeld(address account, bytes32 role, bytes32 heldRole) internal view {
        if (hasRole(heldRole, account)) {
            revert SocialRentRulesConflictingRoles(account, role, heldRole);
        }
    }

    // ------------------------------------------------------------------ internal: dates

    function _checkDate(uint32 date) internal pure {
        uint32 year = date / 10_000;
        uint32 month = (date / 100) % 100;
        uint32 day = date % 100;
        if (year < 1900 || year > 9999 || month == 0 || month > 12 || day == 0) {
            revert SocialRentRulesInvalidDate(date);
        }
        uint32 monthDays = 31;
        if (month == 4 || month == 6 || month == 9 || month == 11) {
            monthDays = 30;
        } else if (month == 2) {
            bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            monthDays = leap ? 29 : 28;
        }
        if (day > monthDays) revert SocialRentRulesInvalidDate(date);
    }

    /// @dev `date` lies from 1 January `ruleYear` to 1 January of the next year (a revision of
    /// the first of the month after a December change), both included.
    function _checkInRuleYear(uint32 date, uint16 ruleYear) internal pure {
        uint32 first = uint32(ruleYear) * 10_000 + 101;
        if (date < first || date > first + 10_000) {
            revert SocialRentRulesDateOutsideRuleYear(date, ruleYear);
        }
    }

    /// @dev The Gregorian year of unix time `timestamp`: an estimate from the mean year
    /// (146,097 days in 400 years), off by at most one, corrected against 1 January.
    function _yearOf(uint256 timestamp) internal pure returns (uint256 year) {
        uint256 day = timestamp / 1 days;
        year = 1970 + (timestamp * 400) / (146_097 days);
        if (_firstDayOf(year + 1) <= day) {
            year += 1;
        } else if (_firstDayOf(year) > day) {
            year -= 1;
        }
    }

    /// @dev The unix day number of 1 January `year` (1970 or later).
    function _firstDayOf(uint256 year) internal pure returns (uint256) {
        uint256 y = year - 1;
        return 365 * y + y / 4 - y / 100 + y / 400 - 719_162;
    }
}
