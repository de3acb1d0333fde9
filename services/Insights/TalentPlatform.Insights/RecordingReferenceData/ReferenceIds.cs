using System.Security.Cryptography;
using System.Text;

namespace TalentPlatform.Insights.RecordingReferenceData;

/// <summary>Reference records are identified by what they say, so recording the same fact twice is one record.</summary>
public static class ReferenceIds
{
    public static Guid For(params object[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("talent-platform:reference:" + string.Join('|', parts)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
